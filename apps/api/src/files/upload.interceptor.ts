import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Injectable, Logger, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { ErrorCode } from '@parley/contracts';
import type { Request, Response } from 'express';
import multer from 'multer';
import { finalize, from, switchMap, type Observable } from 'rxjs';
import { ApiErrorException } from '../common/api-error.exception.js';
import { inBackground } from '../common/background.js';
import type { Environment } from '../config/environment.js';

/** The request once its `file` part is on disk, in a folder of its own that goes when the request ends. */
export type UploadRequest = Request & { file?: Express.Multer.File };

/**
 * Receives the one `file` part of a multipart body into a temporary folder of the request's own (multer, through
 * busboy), stopping at UPLOAD_MAX_BYTES. Whatever happens, the folder is removed once the answer is sent: a refused
 * or failed upload leaves nothing behind, and a stored one has been copied to the store.
 */
@Injectable()
export class UploadInterceptor implements NestInterceptor {
  private readonly logger = new Logger(UploadInterceptor.name);
  private readonly maxBytes: number;

  constructor(config: ConfigService<Environment, true>) {
    this.maxBytes = config.get('UPLOAD_MAX_BYTES', { infer: true });
  }

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = context.switchToHttp();
    const request = http.getRequest<UploadRequest>();
    const response = http.getResponse<Response>();
    let folder: string | undefined;
    const removeFolder = () => {
      if (folder) inBackground(rm(folder, { recursive: true, force: true }), this.logger, 'Removing an upload folder');
    };
    return from(
      (async () => {
        folder = await mkdtemp(join(tmpdir(), 'parley-upload-'));
        await this.receive(request, response, folder);
      })(),
    ).pipe(
      switchMap(() => next.handle()),
      finalize(removeFolder),
    );
  }

  private receive(request: UploadRequest, response: Response, folder: string): Promise<void> {
    const receive = multer({
      storage: multer.diskStorage({ destination: folder, filename: (_request, _file, name) => name(null, 'upload') }),
      limits: { fileSize: this.maxBytes, files: 1, fields: 10, parts: 11 },
      defParamCharset: 'utf8',
    }).single('file');
    return new Promise((settle, fail) =>
      receive(request, response, (error: unknown) => (error ? fail(uploadRefusal(error)) : settle())),
    );
  }
}

function uploadRefusal(error: unknown): unknown {
  if (!(error instanceof multer.MulterError)) {
    return new ApiErrorException(
      400,
      ErrorCode.InvalidFile,
      `The upload could not be read: ${(error as Error).message}`,
    );
  }
  if (error.code === 'LIMIT_FILE_SIZE') {
    return new ApiErrorException(413, ErrorCode.FileTooLarge, 'The file is larger than this server takes');
  }
  return new ApiErrorException(400, ErrorCode.InvalidFile, `Send one part named "file": ${error.message}`);
}
