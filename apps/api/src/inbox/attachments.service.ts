import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Clock } from '@shuping/worker';
import { DataSource } from 'typeorm';
import { coversOrg, type Principal } from '../auth/principal.js';
import { NotFoundException } from '../common/tenancy/tenancy.js';
import { TasksService } from '../tasks/tasks.service.js';
import { InboxErrorCode, InboxException } from './inbox.exception.js';
import { requireOpen, TaskScopeService } from './task-scope.service.js';

/** Largest attachment accepted (10 MiB). */
export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;

export interface AttachmentView {
  id: string;
  fileName: string;
  mimeType: string;
  sizeBytes: number;
  uploadedBy: string | null;
  createdAt: string;
}

/** File types accepted, by extension, each checked against the file's own signature. */
const TYPES: Record<string, { mime: string; matches: (b: Buffer) => boolean }> = {
  pdf: { mime: 'application/pdf', matches: (b) => b.subarray(0, 5).toString('latin1') === '%PDF-' },
  png: {
    mime: 'image/png',
    matches: (b) =>
      b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  },
  jpg: { mime: 'image/jpeg', matches: (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
  jpeg: { mime: 'image/jpeg', matches: (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
  docx: {
    mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    matches: (b) => b.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04])),
  },
  xlsx: {
    mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    matches: (b) => b.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04])),
  },
  txt: {
    mime: 'text/plain; charset=utf-8',
    matches: (b) => !b.includes(0) && Buffer.from(b.toString('utf8'), 'utf8').equals(b),
  },
};

export const ATTACHMENT_EXTENSIONS = Object.keys(TYPES);

/** A safe display name: no path, no control characters, at most 200 characters. */
export function cleanFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const cleaned = base.replace(/[\p{Cc}"<>|:*?]/gu, '').trim();
  return cleaned.slice(-200) || 'file';
}

/** The MIME type of an upload, decided from its extension and verified by its signature. */
export function detectType(fileName: string, content: Buffer): string {
  const ext = fileName.includes('.') ? (fileName.split('.').pop() ?? '').toLowerCase() : '';
  const type = TYPES[ext];
  if (!type || !type.matches(content)) {
    throw new InboxException(
      InboxErrorCode.AttachmentType,
      `只接受 ${ATTACHMENT_EXTENSIONS.join('、')} 文件，且内容须与扩展名一致 (file type not allowed)`,
    );
  }
  return type.mime;
}

/**
 * Attachments of a task (report appendices, rectification evidence), stored in the database:
 * type checked by signature, size limited, served only as downloads to people who see the task.
 */
@Injectable()
export class AttachmentsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly scope: TaskScopeService,
    private readonly tasks: TasksService,
    private readonly clock: Clock,
  ) {}

  async upload(
    principal: Principal,
    taskId: string,
    rawName: string | undefined,
    content: unknown,
  ): Promise<AttachmentView> {
    if (!Buffer.isBuffer(content) || content.length === 0) {
      throw new InboxException(InboxErrorCode.AttachmentType, 'Send the file as the request body');
    }
    if (content.length > MAX_ATTACHMENT_BYTES) {
      throw new InboxException(InboxErrorCode.AttachmentTooLarge, '附件不能超过10MB');
    }
    const fileName = cleanFileName(rawName ?? '');
    const mime = detectType(fileName, content);
    return this.db.transaction(async (manager) => {
      const task = await this.scope.load(principal, taskId, manager);
      requireOpen(task);
      if (!['self', 'standIn', 'delegate'].includes(task.via)) {
        throw new InboxException(
          InboxErrorCode.NotTheActor,
          'Only the person doing this step uploads',
        );
      }
      const [row] = await manager.query<AttachmentView[]>(
        `INSERT INTO attachment (county_id, instance_id, task_id, uploaded_by, file_name, mime_type, size_bytes, sha256, content, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
         RETURNING id, file_name AS "fileName", mime_type AS "mimeType", size_bytes AS "sizeBytes", created_at AS "createdAt"`,
        [
          task.county_id,
          task.instance_id,
          taskId,
          principal.userId,
          fileName,
          mime,
          content.length,
          createHash('sha256').update(content).digest('hex'),
          content,
          this.clock.now(),
        ],
      );
      return { ...row, uploadedBy: principal.displayName };
    });
  }

  list(instanceId: string): Promise<AttachmentView[]> {
    return this.db.query<AttachmentView[]>(
      `SELECT a.id, a.file_name AS "fileName", a.mime_type AS "mimeType", a.size_bytes AS "sizeBytes",
              u.display_name AS "uploadedBy", a.created_at AS "createdAt"
         FROM attachment a LEFT JOIN app_user u ON u.id = a.uploaded_by
        WHERE a.instance_id = $1 ORDER BY a.created_at`,
      [instanceId],
    );
  }

  /** The file, for someone who may see its task (or covers its organisation). */
  async download(
    principal: Principal,
    id: string,
  ): Promise<{ fileName: string; mimeType: string; content: Buffer }> {
    const [row] = await this.db.query<
      { task_id: string; file_name: string; mime_type: string; content: Buffer; org_path: string }[]
    >(
      `SELECT a.task_id, a.file_name, a.mime_type, a.content, o.path AS org_path
         FROM attachment a JOIN task t ON t.id = a.task_id JOIN org_unit o ON o.id = t.org_unit_id
        WHERE a.id = $1 AND a.county_id = $2`,
      [id, principal.countyId],
    );
    if (!row) throw new NotFoundException('Attachment');
    if (!coversOrg(principal, row.org_path)) {
      await this.tasks.get(principal, row.task_id);
    }
    return { fileName: row.file_name, mimeType: row.mime_type, content: row.content };
  }

  /** The uploader removes a file while the step is open. */
  async remove(principal: Principal, id: string): Promise<void> {
    await this.db.transaction(async (manager) => {
      const [row] = await manager.query<{ task_id: string; uploaded_by: string }[]>(
        `SELECT task_id, uploaded_by FROM attachment WHERE id = $1 AND county_id = $2`,
        [id, principal.countyId],
      );
      if (!row) throw new NotFoundException('Attachment');
      const task = await this.scope.load(principal, row.task_id, manager);
      requireOpen(task);
      if (row.uploaded_by !== principal.userId) {
        throw new InboxException(InboxErrorCode.NotAllowed, 'Only the uploader removes a file');
      }
      await manager.query(`DELETE FROM attachment WHERE id = $1`, [id]);
    });
  }
}
