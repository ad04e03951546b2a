// The Content-Disposition of a download, for both transports that serve one (hark serve, Electron's hark-media://).

/** A download name any browser keeps: an ASCII fallback plus the exact name in RFC 5987 form. */
export function attachment(fileName: string): string {
  const fallback = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}
