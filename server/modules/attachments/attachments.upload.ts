import type { FastifyRequest } from 'fastify';
import type { Api } from '../../lib/routes.ts';
import multipart from '@fastify/multipart';
import { fieldError } from '../../lib/errors.ts';

/** The one uploaded file of a multipart request, read whole (size-limited) into memory. */
export interface Upload {
  fileName: string;
  content: Buffer;
}

const MB = 1024 * 1024;

/** Registers multipart parsing for the routes a module declares inside `register`. */
export async function withMultipart(api: Api, register: (scoped: Api) => void | Promise<void>) {
  await api.register(async (scoped) => {
    await scoped.register(multipart, { limits: { files: 1, fields: 10, fieldSize: 1024 } });
    await register(scoped as Api);
  });
}

/**
 * Reads the request's file part, refusing a missing, empty or too large file with a field error on `file` (422),
 * as the other rules of an upload answer: the user picks another file.
 */
export async function readUpload(req: FastifyRequest, maxMb: number): Promise<Upload> {
  if (!req.isMultipart()) throw fieldError({ file: 'v.required' });
  const part = await req.file({ limits: { fileSize: maxMb * MB, files: 1 } });
  if (!part) throw fieldError({ file: 'v.required' });
  let content: Buffer;
  try {
    content = await part.toBuffer();
  } catch (err) {
    if ((err as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw fieldError({ file: 'v.fileTooLarge' }, { max: maxMb });
    throw err;
  }
  if (content.length === 0) throw fieldError({ file: 'v.fileEmpty' });
  const fileName = part.filename.replace(/^.*[\\/]/, '').trim();
  if (!fileName) throw fieldError({ file: 'v.required' });
  if (fileName.length > 255) throw fieldError({ file: 'v.fileNameTooLong' });
  return { fileName, content };
}
