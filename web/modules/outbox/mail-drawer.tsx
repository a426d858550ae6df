import { Fragment, type ReactNode } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Alert, Descriptions, Drawer, Grid, Skeleton, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../lib/format.ts';
import { useTimeZone } from '../../lib/session.ts';
import { outboxApi, outboxKeys } from './outbox.api.ts';
import { OutboxStatusTag } from './outbox-status-tag.tsx';

/** Stops at white space, quotes and Chinese punctuation, which mail text often puts right after a link. */
const URL_PATTERN = /(https?:\/\/[^\s<>"'，。；：！？）】、]+)/g;
const TRAILING_PUNCTUATION = /[.,;:!?)\]]+$/;

/** The mail's text with its links clickable; the text is never rendered as HTML. */
function linkify(text: string): ReactNode[] {
  return text.split(URL_PATTERN).map((part, i) => {
    if (i % 2 === 0) return part;
    const trailing = TRAILING_PUNCTUATION.exec(part)?.[0] ?? '';
    const url = part.slice(0, part.length - trailing.length);
    return (
      <Fragment key={i}>
        <a href={url} target="_blank" rel="noopener noreferrer">
          {url}
        </a>
        {trailing}
      </Fragment>
    );
  });
}

export function MailDrawer({ id, onClose }: { id: string | null; onClose: () => void }) {
  const { t } = useTranslation();
  const tz = useTimeZone();
  const screens = Grid.useBreakpoint();
  const mail = useQuery({ queryKey: outboxKeys.mail(id ?? ''), queryFn: () => outboxApi.mail(id!), enabled: Boolean(id) });
  const kind = mail.data?.meta?.kind;

  return (
    <Drawer open={Boolean(id)} onClose={onClose} title={t('outbox.detailTitle')} size={screens.md ? 640 : '100%'} destroyOnHidden>
      {mail.isLoading && <Skeleton active />}
      {mail.isError && <Alert type="error" showIcon title={mail.error.message} />}
      {mail.data && (
        <>
          <Descriptions column={1} size="small" bordered style={{ marginBottom: 16 }}>
            <Descriptions.Item label={t('outbox.subject')}>{mail.data.subject}</Descriptions.Item>
            <Descriptions.Item label={t('outbox.to')}>{mail.data.to}</Descriptions.Item>
            <Descriptions.Item label={t('outbox.status')}>
              <OutboxStatusTag status={mail.data.status} />
            </Descriptions.Item>
            {kind && <Descriptions.Item label={t('outbox.kind')}>{t(`outbox.kinds.${kind}`, { defaultValue: kind })}</Descriptions.Item>}
            <Descriptions.Item label={t('outbox.time')}>{formatDateTime(mail.data.createdAt, tz)}</Descriptions.Item>
            {mail.data.sentAt && <Descriptions.Item label={t('outbox.sentAt')}>{formatDateTime(mail.data.sentAt, tz)}</Descriptions.Item>}
            {mail.data.error && (
              <Descriptions.Item label={t('outbox.error')}>
                <Typography.Text type="danger">{mail.data.error}</Typography.Text>
              </Descriptions.Item>
            )}
          </Descriptions>
          <Typography.Title level={5}>{t('outbox.body')}</Typography.Title>
          <div
            style={{
              whiteSpace: 'pre-wrap',
              wordBreak: 'break-word',
              padding: 12,
              borderRadius: 6,
              background: 'var(--ant-color-fill-quaternary)',
              marginBottom: 16,
            }}
            data-testid="mail-text"
          >
            {linkify(mail.data.text)}
          </div>
          <Typography.Text type="secondary">{t('outbox.viewHint')}</Typography.Text>
        </>
      )}
    </Drawer>
  );
}
