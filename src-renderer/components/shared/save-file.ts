// Saves a Blob as a file through a link: works in Electron and in a browser, no Node APIs.

/** Offers `blob` to the operator as a download named `filename`. */
export function saveBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
  // The download has its own reference by now; revoking later frees the memory.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
