// Type rules of the multipart feature: a file field (format: binary) takes a Blob, inline or through a $ref.
import { createMultipartClient, type UploadAvatarRequest, type UploadDocumentRequest } from "./expected/multipart/index.js";
import { assertType, type Equal } from "../type-assert.js";

const client = createMultipartClient();

void client.uploadAvatar({ file: new Blob(["png"], { type: "image/png" }), meta: { caption: "me" }, attachments: [new Blob(["a"]), new Blob(["b"])], note: "hi" });
// A File is a Blob.
void client.uploadAvatar({ file: new File(["png"], "me.png") });

// @ts-expect-error the file is a Blob, not a string
void client.uploadAvatar({ file: "me.png" });
// @ts-expect-error file is required
void client.uploadAvatar({ note: "hi" });

assertType<Equal<UploadAvatarRequest["file"], Blob>>();
assertType<Equal<UploadAvatarRequest["attachments"], Blob[] | undefined>>();

// The same rule when the multipart schema is a component ($ref): the file is a Blob too.
void client.uploadDocument({ document: new Blob(["%PDF"]), title: "Contract" });
assertType<Equal<UploadDocumentRequest["document"], Blob>>();
