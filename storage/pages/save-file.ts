/**
 * Where an export's bytes go. With the File System Access API (`showSaveFilePicker`, Chromium)
 * each chunk is written straight to the file the user picked, so memory stays flat however big
 * the export. Elsewhere (or when the user unticks "choose where to save") the chunks are held in
 * memory and handed to the browser as one Blob download at the end: a very large export then
 * needs as much memory as the file is big.
 */

interface SaveFilePickerOptions {
  suggestedName?: string;
  types?: Array<{ description?: string; accept: Record<string, string[]> }>;
}

type ShowSaveFilePicker = (options?: SaveFilePickerOptions) => Promise<FileSystemFileHandle>;

function picker(): ShowSaveFilePicker | null {
  const candidate = (globalThis as unknown as { showSaveFilePicker?: ShowSaveFilePicker }).showSaveFilePicker;
  return typeof candidate === 'function' ? candidate.bind(globalThis) : null;
}

export function canPickSaveLocation(): boolean {
  return picker() !== null;
}

export interface FileSink {
  write(chunk: Uint8Array): Promise<void>;
  close(): Promise<void>;
  abort(): Promise<void>;
}

function download(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = Object.assign(document.createElement('a'), { href: url, download: fileName });
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

function memorySink(fileName: string, mime: string): FileSink {
  let parts: BlobPart[] = [];
  return {
    write: async (chunk) => {
      parts.push(chunk as Uint8Array<ArrayBuffer>);
    },
    close: async () => {
      download(new Blob(parts, { type: mime }), fileName);
      parts = [];
    },
    abort: async () => {
      parts = [];
    },
  };
}

/**
 * Opens the file to write. Call it straight from the click, before any other await: the picker
 * needs the user's gesture. Resolves null when the user closes the picker without choosing.
 */
export async function openFileSink(fileName: string, mime: string, pickLocation: boolean): Promise<FileSink | null> {
  const showPicker = pickLocation ? picker() : null;
  if (!showPicker) return memorySink(fileName, mime);
  const extension = fileName.slice(fileName.lastIndexOf('.'));
  let handle: FileSystemFileHandle;
  try {
    handle = await showPicker({ suggestedName: fileName, types: [{ description: extension.slice(1).toUpperCase(), accept: { [mime]: [extension] } }] });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') return null;
    return memorySink(fileName, mime); // e.g. a SecurityError: fall back to a download
  }
  const writable = await handle.createWritable();
  return {
    write: (chunk) => writable.write(chunk as Uint8Array<ArrayBuffer>),
    close: () => writable.close(),
    abort: () => writable.abort(),
  };
}

/**
 * Pulls the stream into the sink one chunk at a time (the worker reads the next page only when
 * asked). `cancel` stops it: the stream is cancelled, which stops the export, and the partly
 * written file is discarded.
 */
export function pump(stream: ReadableStream<Uint8Array>, sink: FileSink): { done: Promise<'done' | 'cancelled'>; cancel: () => void } {
  const reader = stream.getReader();
  let cancelled = false;
  const done = (async () => {
    try {
      for (;;) {
        const { done: finished, value } = await reader.read();
        if (cancelled) break;
        if (finished) break;
        await sink.write(value);
      }
    } catch (error) {
      await sink.abort().catch(() => undefined);
      if (cancelled) return 'cancelled' as const;
      throw error;
    }
    if (cancelled) {
      await sink.abort().catch(() => undefined);
      return 'cancelled' as const;
    }
    await sink.close();
    return 'done' as const;
  })();
  return {
    done,
    cancel: () => {
      cancelled = true;
      void reader.cancel(new DOMException('Cancelled', 'AbortError')).catch(() => undefined);
    },
  };
}
