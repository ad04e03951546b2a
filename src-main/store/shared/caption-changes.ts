import type pg from 'pg';

// A person's caption and UCS category on the shared catalogue: the parts of a person's edit that the library keeps
// (the file itself holds what Hark wrote into it). Each change carries the whole caption text, or the category, as
// the edit left it, so that the later change of a file's caption (or category) is the file's caption on every seat.

/** A person's caption text: what their edit (or its undo) left in force. */
export interface PersonCaption {
  description: string;
  keywords: string[];
}

/** A person's UCS category, named as the seat that set it names it (a following seat need not hold the table). */
export interface PersonCategory {
  catId: string;
  category: string;
  subCategory: string;
}

/** null: the person's caption (or category) was cleared, e.g. by undoing the edit that made it. */
export type CaptionEdit =
  { kind: 'caption'; caption: PersonCaption | null } | { kind: 'category'; category: PersonCategory | null };

/**
 * Records the change (with the seat and the login that made it) and leaves the file's caption or category as it
 * says: the later change in the sequence wins. Returns its seq.
 */
export async function applyCaptionEdit(
  client: pg.PoolClient,
  fileId: string,
  seat: string,
  edit: CaptionEdit,
  editId: string | null,
): Promise<string> {
  const caption = edit.kind === 'caption' ? edit.caption : null;
  const category = edit.kind === 'category' ? edit.category : null;
  const { rows } = await client.query<{ seq: string }>(
    `INSERT INTO changes (file_id, kind, description, keywords, cat_id, category, sub_category, person, seat, edit_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, current_user, $8, $9) RETURNING seq`,
    [
      fileId,
      edit.kind,
      caption?.description ?? null,
      caption?.keywords ?? null,
      category?.catId ?? null,
      category?.category ?? null,
      category?.subCategory ?? null,
      seat,
      editId,
    ],
  );
  const seq = rows[0]!.seq;
  if (edit.kind === 'caption') {
    if (caption)
      await client.query(
        `INSERT INTO file_captions (file_id, description, keywords, seq, seat, person)
         VALUES ($1, $2, $3, $4, $5, current_user)
         ON CONFLICT (file_id) DO UPDATE SET description = excluded.description, keywords = excluded.keywords,
           seq = excluded.seq, seat = excluded.seat, person = excluded.person`,
        [fileId, caption.description, caption.keywords, seq, seat],
      );
    else await client.query('DELETE FROM file_captions WHERE file_id = $1', [fileId]);
  } else if (category)
    await client.query(
      `INSERT INTO file_categories (file_id, cat_id, category, sub_category, seq, seat, person)
       VALUES ($1, $2, $3, $4, $5, $6, current_user)
       ON CONFLICT (file_id) DO UPDATE SET cat_id = excluded.cat_id, category = excluded.category,
         sub_category = excluded.sub_category, seq = excluded.seq, seat = excluded.seat, person = excluded.person`,
      [fileId, category.catId, category.category, category.subCategory, seq, seat],
    );
  else await client.query('DELETE FROM file_categories WHERE file_id = $1', [fileId]);
  return seq;
}

/** The columns of `changes` a caption or category change is read back from. */
export interface CaptionColumns {
  description: string | null;
  keywords: string[] | null;
  cat_id: string | null;
  category: string | null;
  sub_category: string | null;
}

export function captionEditOf(kind: CaptionEdit['kind'], row: CaptionColumns): CaptionEdit {
  if (kind === 'caption')
    return {
      kind,
      caption: row.description === null ? null : { description: row.description, keywords: row.keywords ?? [] },
    };
  return {
    kind,
    category:
      row.cat_id === null
        ? null
        : { catId: row.cat_id, category: row.category ?? '', subCategory: row.sub_category ?? '' },
  };
}
