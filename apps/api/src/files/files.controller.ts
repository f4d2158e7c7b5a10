import { Controller, Get, Param, Post, Req, Res, UseGuards, UseInterceptors } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConsumes,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiPayloadTooLargeResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { Attachment } from '@parley/contracts';
import type { Request, Response } from 'express';
import { BearerAuthGuard, CurrentPrincipal, OptionalBearerAuthGuard, Viewer } from '../auth/bearer-auth.guard.js';
import type { Principal } from '../auth/principal.js';
import type { RoomRef } from '../rooms/room-ref.js';
import { sendFile } from './file-response.js';
import { FilesService, type FileVariant } from './files.service.js';
import { UploadLimitGuard, UploadRoomGuard } from './upload.guards.js';
import { UploadInterceptor, type UploadRequest } from './upload.interceptor.js';
import { UploadsService } from './uploads.service.js';

@ApiTags('files')
@ApiBearerAuth()
@Controller()
export class FilesController {
  constructor(
    private readonly uploads: UploadsService,
    private readonly files: FilesService,
  ) {}

  @Post('rooms/:slug/uploads')
  @UseGuards(BearerAuthGuard, UploadLimitGuard, UploadRoomGuard)
  @UseInterceptors(UploadInterceptor)
  @ApiConsumes('multipart/form-data')
  @ApiCreatedResponse({
    description: 'The Attachment, for a `message` frame\'s "attachments" (docs/protocol.md, Files)',
  })
  @ApiBadRequestResponse({
    description: '{"code": "INVALID_FILE"}: no `file` part, an empty file, an unreadable image',
  })
  @ApiUnauthorizedResponse({ description: 'No token (guests cannot upload)' })
  @ApiNotFoundResponse({ description: 'No such room, or one the caller cannot see' })
  @ApiPayloadTooLargeResponse({ description: '{"code": "FILE_TOO_LARGE"}: past UPLOAD_MAX_BYTES; nothing kept' })
  @ApiTooManyRequestsResponse({ description: 'Past UPLOADS_PER_MIN for this user, with Retry-After' })
  upload(
    @Req() request: UploadRequest & { uploadRoom: RoomRef },
    @CurrentPrincipal() uploader: Principal,
  ): Promise<Attachment> {
    const { file } = request;
    return this.uploads.upload(
      uploader,
      request.uploadRoom,
      file && { path: file.path, originalName: file.originalname, size: file.size },
    );
  }

  @Get('files/:id')
  @UseGuards(OptionalBearerAuthGuard)
  @ApiOkResponse({
    description: 'The bytes; 206 for a Range; the same 404 for no such file and for one not yours to read',
  })
  download(
    @Param('id') id: string,
    @Viewer() viewer: Principal | null,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    return this.serve(viewer, id, 'original', request, response);
  }

  @Get('files/:id/thumbnail')
  @UseGuards(OptionalBearerAuthGuard)
  @ApiOkResponse({ description: "An image's thumbnail (WebP, longest side at most 400 px)" })
  thumbnail(
    @Param('id') id: string,
    @Viewer() viewer: Principal | null,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    return this.serve(viewer, id, 'thumbnail', request, response);
  }

  private async serve(
    viewer: Principal | null,
    id: string,
    variant: FileVariant,
    request: Request,
    response: Response,
  ): Promise<void> {
    await sendFile(request, response, await this.files.servable(viewer, id, variant));
  }
}
