import { StreamableFile } from '@nestjs/common';
import type { DownloadFile } from './org-import.service.js';

/** A file answer with a download name that survives Chinese characters (RFC 6266 / 5987). */
export function download(file: DownloadFile): StreamableFile {
  const ascii = file.fileName.replace(/[^\x20-\x7e]/g, '_');
  return new StreamableFile(file.content, {
    type: file.type,
    disposition: `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
    length: file.content.length,
  });
}
