import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { RoomsModule } from '../rooms/rooms.module.js';
import { AttachmentsModule } from './attachments.module.js';
import { FileEraser } from './file-eraser.js';
import { FilesController } from './files.controller.js';
import { FilesService } from './files.service.js';
import { UploadLimitGuard, UploadRoomGuard } from './upload.guards.js';
import { UploadInterceptor } from './upload.interceptor.js';
import { UploadsService } from './uploads.service.js';

/** Uploads, downloads and erasing: files/ (docs/protocol.md, Files). */
@Module({
  imports: [AttachmentsModule, RoomsModule, AuthModule],
  controllers: [FilesController],
  providers: [UploadsService, FilesService, FileEraser, UploadLimitGuard, UploadRoomGuard, UploadInterceptor],
})
export class FilesModule {}
