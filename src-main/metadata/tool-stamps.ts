// Text that programs and recorders leave in a file's comment or description fields on their own: not what the
// sound is, and never to be taken for a person's description ("Processed by SoX" on every FLAC sox writes).

const STAMPS: RegExp[] = [
  /^processed by sox$/i,
  // ffmpeg's muxer and codec libraries, and encoders' own version strings.
  /^lav[fc]\d+(\.\d+)*$/i,
  /^(lame|libvorbis|xiph\.org libvorbis|reference libflac|libopus|opusenc)[\s\w.()-]*$/i,
  // A bare program name, with a version: what a DAW or editor writes by default.
  /^(pro ?tools|audacity|reaper|nuendo|cubase|wavelab|adobe audition|audition|izotope rx|rx \d+|sound forge|logic pro|ableton live|fl studio|ardour|garageband|soundminer|basehead)(\s+v?[\d.]+.*)?$/i,
  /^(created|encoded|made|generated|exported|recorded|written) (with|by|in|using) \S.*$/i,
];

/**
 * Field recorders (Sound Devices, Zoom, Tascam) fill the BWF description with `xKEY=value` lines (sSPEED=,
 * zTAKE=, ...): machine-readable settings, not words about the sound.
 */
const RECORDER_LINE = /^[a-z]?[A-Z][A-Z0-9_]*=.*$/;

export function isToolStamp(text: string): boolean {
  const value = text.trim();
  if (!value) return false;
  if (STAMPS.some((stamp) => stamp.test(value))) return true;
  const lines = value.split(/\r?\n/).filter((line) => line.trim());
  return lines.length > 0 && lines.every((line) => RECORDER_LINE.test(line.trim()));
}
