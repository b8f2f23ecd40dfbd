import type { TextSource } from '@/knowledge/files/text-decoding';

/** What a merge or a restore reads: a file the user picked, its bytes, or text (tests, tools). */
export type FileContent = TextSource | Blob | Uint8Array;

/** A picked file as bytes, so it is decoded strictly; bytes and text pass as they are. */
export async function fileContent(content: FileContent): Promise<TextSource | Uint8Array> {
  return content instanceof Blob ? new Uint8Array(await content.arrayBuffer()) : content;
}
