// How loud a preview plays: the person's volume, times a level that brings every file to the same loudness when
// they ask for matched audition. A browser's audio element can only turn a file down, so a file quieter than the
// target plays at the volume alone.

/** EBU R128's programme loudness: where matched audition brings every louder file down to. */
export const AUDITION_TARGET_LUFS = -23;

/** 0..1 for the audio element. `loudnessLufs`: the file's measured loudness (hark caption), null when not measured. */
export function auditionVolume(volume: number, matchLoudness: boolean, loudnessLufs: number | null): number {
  const base = Math.min(1, Math.max(0, volume));
  if (!matchLoudness || loudnessLufs === null || !Number.isFinite(loudnessLufs)) return base;
  const gain = 10 ** ((AUDITION_TARGET_LUFS - loudnessLufs) / 20);
  return base * Math.min(1, gain);
}
