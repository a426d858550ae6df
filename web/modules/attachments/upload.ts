import { ApiError, csrfToken } from '../../lib/api.ts';
import { i18n } from '../../lib/i18n.ts';

/**
 * Sends one file as multipart/form-data with the session's CSRF header, reporting progress (fetch cannot report
 * upload progress, XMLHttpRequest can). Resolves with the JSON answer, or rejects with the API's error.
 */
export function uploadFile<T>(path: string, file: Blob & { name?: string }, onProgress?: (percent: number) => void): Promise<T> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api/v1${path}`);
    xhr.withCredentials = true;
    xhr.setRequestHeader('accept-language', i18n.language);
    const csrf = csrfToken();
    if (csrf) xhr.setRequestHeader('x-csrf-token', csrf);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress?.(Math.round((e.loaded / e.total) * 100));
    };
    xhr.onload = () => {
      let data: { error?: { code?: string; message?: string; fields?: Record<string, string> } } = {};
      try {
        data = JSON.parse(xhr.responseText);
      } catch {
        // A proxy's HTML error page: the status says enough.
      }
      if (xhr.status >= 200 && xhr.status < 300) resolve(data as T);
      else reject(new ApiError(xhr.status, (data.error?.code ?? 'internal') as never, data.error?.message ?? xhr.statusText, data.error?.fields ?? {}));
    };
    xhr.onerror = () => reject(new ApiError(0, 'internal', i18n.t('attachments.networkError')));
    const form = new FormData();
    form.append('file', file, file.name);
    xhr.send(form);
  });
}
