// The trained heads (training/: THA + DCR/CA + DiffATR) as the rest of Hark uses them; nothing outside ml/heads/
// imports anything else of it. Three parts:
//   - status: whether `npm run train` (or training/fixture.py) left complete heads, and the analysis extension
//     that gives every file its codes (findHeads);
//   - the analysis pass: an analysis extension (ml/analysis-extension.ts), opened in each analysis thread by
//     ml/open-extension.ts (openHeadsAnalysis);
//   - search: a query encoded, the shortlisted files' stored codes ranked (openTrainedHeads).
// Levels, codes layout, scorer and DiffATR stay inside.

export { HEADS_ID, headsDir } from './heads';
export { findHeads, type InstalledHeads } from './status';
export { openHeadsAnalysis } from './analysis';
export { openTrainedHeads, type HeadsQuery, type HeadsRanking, type RankedFile, type TrainedHeads } from './served';
