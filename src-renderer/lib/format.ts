// How numbers read in the interface: short, aligned, and the same everywhere.

/** 0.25 -> "0.25s", 3.2 -> "0:03.2", 75 -> "1:15", 3725 -> "1:02:05"; null -> "–". */
/**
 * One format for every duration, so a column of them reads and lines up alike: minutes:seconds with hundredths
 * (a 0.25 s hit and a 0.4 s one are different sounds), hours in front when there are any: 0:00.25, 0:03.27,
 * 1:15.00, 1:02:05.00.
 */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds) || seconds < 0) return '–';
  const hundredths = Math.floor(seconds * 100 + 1e-6);
  const h = Math.floor(hundredths / 360_000);
  const m = Math.floor((hundredths % 360_000) / 6000);
  const s = (hundredths % 6000) / 100;
  const ss = s.toFixed(2).padStart(5, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

/** A playback clock: 3.25 -> "0:03.25". */
export function formatClock(seconds: number): string {
  const safe = Number.isFinite(seconds) && seconds > 0 ? seconds : 0;
  const m = Math.floor(safe / 60);
  const s = safe - m * 60;
  return `${m}:${s.toFixed(2).padStart(5, '0')}`;
}

/**
 * A relevance score as the service gives it (0-1, comparable across queries: never re-scaled to the best hit here),
 * with enough digits to compare neighbours rather than as a fake percentage.
 */
export function formatScore(score: number): string {
  if (!Number.isFinite(score)) return '–';
  if (score === 0) return '0';
  const abs = Math.abs(score);
  if (abs >= 100) return score.toFixed(0);
  if (abs >= 0.01) return score.toFixed(2);
  return score.toPrecision(2);
}

/** 0.873 -> "87%". */
export function formatPercent(fraction: number): string {
  if (!Number.isFinite(fraction)) return '–';
  return `${Math.round(Math.max(0, Math.min(1, fraction)) * 100)}%`;
}

export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '–';
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${value} B` : `${value < 10 ? value.toFixed(1) : Math.round(value)} ${units[unit]}`;
}

/** 48000 -> "48 kHz", 44100 -> "44.1 kHz". */
export function formatSampleRate(rate: number | null | undefined): string {
  if (!rate) return '–';
  const khz = rate / 1000;
  return `${Number.isInteger(khz) ? khz : Number(khz.toFixed(3))} kHz`;
}

export function formatChannels(channels: number | null | undefined): string {
  if (!channels) return '–';
  if (channels === 1) return 'mono';
  if (channels === 2) return 'stereo';
  return `${channels} ch`;
}

/** Seconds left, in words a person reads at a glance: "45 s", "3 min", "1 h 20 min". */
export function formatEta(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds) || seconds < 0) return 'unknown';
  if (seconds < 60) return `${Math.max(1, Math.round(seconds))} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return m === 0 ? `${h} h` : `${h} h ${m} min`;
}

export function formatRate(filesPerSecond: number): string {
  if (!Number.isFinite(filesPerSecond) || filesPerSecond <= 0) return '0 files/s';
  return `${filesPerSecond < 10 ? filesPerSecond.toFixed(1) : Math.round(filesPerSecond)} files/s`;
}

export function formatDate(epochMs: number): string {
  if (!Number.isFinite(epochMs)) return '–';
  return new Date(epochMs).toLocaleString();
}

/** The last path segment of a folder, for narrow columns; the full path goes in a tooltip. */
export function shortFolder(folder: string): string {
  const trimmed = folder.replace(/[\\/]+$/, '');
  const cut = Math.max(trimmed.lastIndexOf('/'), trimmed.lastIndexOf('\\'));
  return cut >= 0 ? trimmed.slice(cut + 1) || trimmed : trimmed;
}
