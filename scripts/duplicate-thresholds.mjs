// Measures what the near-duplicate thresholds (src-main/library/duplicates/near.ts) are chosen from: for every pair of
// analysed files in a library, the cosine of their pooled audio features, their duration difference and their
// loudness difference (where `hark caption` measured it). Prints the pairs of copies of one sound (files named
// `<sound>.<variant>.<ext>` or `<sound>.<ext>`) and the closest pairs of different sounds.
// Usage: node_modules/.bin/node scripts/duplicate-thresholds.mjs LIBRARY.db
import Database from 'better-sqlite3';
import { basename } from 'node:path';

const db = new Database(process.argv[2], { readonly: true });
const rows = db
  .prepare(
    `SELECT f.id, f.path, f.duration, a.features, a.peaks, c.loudness_lufs AS lufs FROM files f
     JOIN analysis a ON a.file_id = f.id LEFT JOIN captions c ON c.file_id = f.id
     WHERE a.features IS NOT NULL ORDER BY f.path`,
  )
  .all()
  .map((row) => {
    const v = new Float32Array(
      row.features.buffer.slice(row.features.byteOffset, row.features.byteOffset + row.features.byteLength),
    );
    let norm = 0;
    for (const x of v) norm += x * x;
    norm = Math.sqrt(norm) || 1;
    const name = basename(row.path);
    return {
      ...row,
      env: envelope(row.peaks),
      v: v.map((x) => x / norm),
      name,
      sound: name.replace(/^other_/, '').split('.')[0],
    };
  });
const same = [];
const different = [];
for (let i = 0; i < rows.length; i++)
  for (let j = i + 1; j < rows.length; j++) {
    const a = rows[i];
    const b = rows[j];
    let cos = 0;
    for (let k = 0; k < a.v.length; k++) cos += a.v[k] * b.v[k];
    const pair = {
      a: a.name,
      b: b.name,
      cos: cos.toFixed(4),
      dDur: Math.abs(a.duration - b.duration).toFixed(3),
      relDur: (Math.abs(a.duration - b.duration) / Math.max(a.duration, b.duration)).toFixed(3),
      env: envelopeMatch(a.env, b.env).toFixed(4),
      dLufs: a.lufs === null || b.lufs === null ? null : Math.abs(a.lufs - b.lufs).toFixed(2),
    };
    (a.sound === b.sound && !a.name.startsWith('other_') && !b.name.startsWith('other_') ? same : different).push(pair);
  }
same.sort((x, y) => x.cos - y.cos);
different.sort((x, y) => y.cos - x.cos);
console.log(`copies of one sound: ${same.length} pairs, lowest cosine first`);
console.table(same.slice(0, 40));
console.log(`different sounds: ${different.length} pairs, highest cosine first`);
console.table(different.slice(0, 25));

/** Each 10 ms slice's peak-to-peak amplitude, from the stored waveform peaks (int8 min,max pairs after a header). */
function envelope(blob) {
  const HEADER = 5;
  const out = new Float32Array((blob.length - HEADER) / 2);
  for (let i = 0; i < out.length; i++) {
    const min = blob.readInt8(HEADER + 2 * i);
    const max = blob.readInt8(HEADER + 2 * i + 1);
    out[i] = (max - min) / 254;
  }
  return out;
}

/** Best Pearson correlation of two envelopes over shifts of up to 50 ms (a trimmed copy starts later). */
function envelopeMatch(a, b) {
  let best = -1;
  for (let lag = -5; lag <= 5; lag++) {
    const xs = [];
    const ys = [];
    for (let i = 0; i < a.length; i++) {
      const j = i + lag;
      if (j >= 0 && j < b.length) {
        xs.push(a[i]);
        ys.push(b[j]);
      }
    }
    if (xs.length < 3) continue;
    const mx = xs.reduce((s, x) => s + x, 0) / xs.length;
    const my = ys.reduce((s, y) => s + y, 0) / ys.length;
    let sxy = 0,
      sxx = 0,
      syy = 0;
    for (let k = 0; k < xs.length; k++) {
      sxy += (xs[k] - mx) * (ys[k] - my);
      sxx += (xs[k] - mx) ** 2;
      syy += (ys[k] - my) ** 2;
    }
    const r = sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : 0;
    if (r > best) best = r;
  }
  return best;
}

// The rule's margins: the weakest copy on each measure, and the different sounds that pass the duration check.
const durationOk = (p) => Number(p.dDur) <= Math.max(0.05, 0.1 * (Number(p.dDur) / Math.max(Number(p.relDur), 1e-9)));
const min = (list, key) => Math.min(...list.map((p) => Number(p[key])));
console.log(
  `copies: lowest cosine ${min(same, 'cos')}, lowest envelope match ${min(same, 'env')}, largest duration difference ${Math.max(...same.map((p) => Number(p.dDur)))} s`,
);
const close = different.filter(durationOk).sort((x, y) => y.env - x.env);
console.log(`different sounds within the duration tolerance: ${close.length} pairs, highest envelope match first`);
console.table(close.slice(0, 10));
