import { api, ApiError, loadSession } from '../api/client';

/** The problem's message with its field errors, for an alert or a toast. */
export function errorText(error: unknown): string {
  if (error instanceof ApiError) {
    const fields = error.errors.map((f) => `${f.path}: ${f.message}`).join('；');
    return fields ? `${error.message}（${fields}）` : error.message;
  }
  return error instanceof Error ? error.message : String(error);
}

/** The bytes of a chosen file, base64-encoded (for the import endpoints). */
export function fileToBase64(file: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => {
      const url = typeof reader.result === 'string' ? reader.result : '';
      resolve(url.slice(url.indexOf(',') + 1));
    };
    reader.onerror = () => reject(reader.error ?? new Error('unreadable file'));
    reader.readAsDataURL(file);
  });
}

function save(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Saves text (e.g. a CSV made in the browser) as a file. */
export function saveText(text: string, fileName: string, type = 'text/csv;charset=utf-8'): void {
  save(new Blob([text], { type }), fileName);
}

function fileNameOf(disposition: string | null, fallback: string): string {
  const encoded = /filename\*=UTF-8''([^;]+)/i.exec(disposition ?? '');
  return encoded ? decodeURIComponent(encoded[1]) : fallback;
}

/** Downloads a file answer of the API with the current session (refreshing it once if needed). */
export async function downloadFile(path: string, fallbackName: string): Promise<void> {
  const send = () =>
    fetch(`/api${path}`, {
      headers: { authorization: `Bearer ${loadSession()?.accessToken ?? ''}` },
    });
  let res = await send();
  if (res.status === 401) {
    await api('/me'); // refreshes the access token when it can
    res = await send();
  }
  if (!res.ok) {
    const problem = (await res.json().catch(() => ({}))) as { code?: string; title?: string };
    throw new ApiError(res.status, problem.code ?? `HTTP_${res.status}`, problem.title ?? '');
  }
  save(await res.blob(), fileNameOf(res.headers.get('content-disposition'), fallbackName));
}
