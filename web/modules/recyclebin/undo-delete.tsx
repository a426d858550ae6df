import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiError } from '../../lib/api.ts';
import { useErrorHandler } from '../../lib/forms.ts';
import type { RecycleBinType } from '../../../shared/validation/recyclebin.ts';
import { recycleBinApi } from './recyclebin.api.ts';

/**
 * A refused restore or purge does nothing; this says why, record by record (by name where the page knows it), with
 * a link to the living customer a restored one would duplicate. Any other error goes the usual way.
 */
export function useBinErrorHandler() {
  const { t } = useTranslation();
  const { modal } = App.useApp();
  const onError = useErrorHandler();
  return (err: unknown, names: Map<string, string> = new Map()) => {
    if (!(err instanceof ApiError) || !err.details.errors?.length) {
      onError(err);
      return;
    }
    const { existingId } = err.details;
    const dialog = modal.warning({
      title: t('recyclebin.refused'),
      content: (
        <>
          <ul style={{ paddingInlineStart: 18, margin: 0 }} data-testid="bin-refusal">
            {err.details.errors.map((e) => (
              <li key={e.id}>
                {names.get(e.id) ?? t('recyclebin.unknownRecord')}：{e.message}
              </li>
            ))}
          </ul>
          {existingId && (
            <Typography.Paragraph style={{ marginTop: 8, marginBottom: 0 }}>
              <Link to={`/customers/${existingId}`} onClick={() => dialog.destroy()}>
                {t('recyclebin.openExisting')}
              </Link>
            </Typography.Paragraph>
          )}
        </>
      ),
    });
  };
}

/**
 * After a delete elsewhere: the success message offers to undo it, which restores the records from the bin.
 * `onUndone` lets the page go back to what it showed (e.g. the customer page it left).
 */
export function useUndoDelete() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const onError = useBinErrorHandler();
  return (type: RecycleBinType, ids: string[], text: string, onUndone?: () => void) => {
    const key = `undo-delete-${ids[0]}`;
    const undo = () => {
      message.destroy(key);
      recycleBinApi
        .restore(type, ids)
        .then(() => {
          message.success(t('recyclebin.undone'));
          void qc.invalidateQueries();
          onUndone?.();
        })
        .catch((err: unknown) => onError(err));
    };
    message.success({
      key,
      duration: 8,
      content: (
        <span>
          <span>{text}</span>
          <Button type="link" size="small" onClick={undo} data-testid="undo-delete">
            {t('recyclebin.undo')}
          </Button>
        </span>
      ),
    });
  };
}
