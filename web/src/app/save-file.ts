// Hands a file to the browser's download (the "Save as" of a page): an object URL on a clicked link,
// revoked a minute later, when the download has surely taken its copy.
export function saveBlob(fileName: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
