import { UploadOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { importPermission, type ImportRecordType } from '../../../shared/validation/imports.ts';
import { useCan } from '../../lib/session.ts';

/** Opens the import wizard for one record type; shown only to users who may import it. */
export function ImportButton({ recordType, size }: { recordType: ImportRecordType; size?: 'small' | 'middle' | 'large' }) {
  const { t } = useTranslation();
  const can = useCan();
  const navigate = useNavigate();
  if (!can(importPermission(recordType))) return null;
  return (
    <Button icon={<UploadOutlined />} size={size} onClick={() => navigate(`/imports/new?type=${recordType}`)} data-testid={`import-${recordType}`}>
      {t('imports.button')}
    </Button>
  );
}
