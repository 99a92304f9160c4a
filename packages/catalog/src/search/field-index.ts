// A BM25F index over documents made of weighted fields, written here rather than taken from a
// library: the whole of it is this file, the tool search needs two indexes whose scores it
// combines (tools, and the servers that lift their tools), and the per-term scores are computed
// once when the index is built, so that a query only adds up numbers.

/** BM25's term-frequency saturation: the usual value. */
const K1 = 1.2;
/** BM25's length normalisation, per field: the usual value. */
const B = 0.75;

/** A field of documents of type `D`: its weight, and a document's words in it (`tokenize`). */
export interface Field<D> {
  weight: number;
  words: (document: D) => readonly string[];
}

/** The documents that hold a word, with the score the word gives each. */
interface Postings {
  docs: Int32Array;
  scores: Float64Array;
}

/** An immutable BM25F index; documents are numbered in the order they were given. */
export interface FieldIndex {
  /** Adds each document's score for `words` to `scores` (indexed by document number). */
  score(words: readonly string[], scores: Float64Array): void;
}

/**
 * Builds a BM25F index: a word's frequency in each field, normalised by that field's length
 * against its average and weighted, is summed over the fields, then saturated and multiplied
 * by the word's inverse document frequency.
 */
export function createFieldIndex<D>(documents: readonly D[], fields: readonly Field<D>[]): FieldIndex {
  // word → document → weighted, length-normalised frequency over all fields.
  const frequencies = new Map<string, Map<number, number>>();
  for (const field of fields) {
    const words = documents.map(field.words);
    const average = words.reduce((sum, list) => sum + list.length, 0) / Math.max(1, documents.length) || 1;
    words.forEach((list, doc) => {
      const norm = field.weight / (1 - B + (B * list.length) / average);
      for (const word of list) {
        let byDoc = frequencies.get(word);
        if (!byDoc) frequencies.set(word, (byDoc = new Map()));
        byDoc.set(doc, (byDoc.get(doc) ?? 0) + norm);
      }
    });
  }
  const postings = new Map<string, Postings>();
  for (const [word, byDoc] of frequencies) {
    // BM25's idf with the +1 inside the logarithm: never negative, however common the word.
    const idf = Math.log(1 + (documents.length - byDoc.size + 0.5) / (byDoc.size + 0.5));
    const docs = Int32Array.from(byDoc.keys());
    const scores = Float64Array.from(byDoc.values(), (tf) => (idf * tf * (K1 + 1)) / (tf + K1));
    postings.set(word, { docs, scores });
  }
  return {
    score(words, scores) {
      for (const word of new Set(words)) {
        const found = postings.get(word);
        if (!found) continue;
        for (let i = 0; i < found.docs.length; i++) scores[found.docs[i]!]! += found.scores[i]!;
      }
    },
  };
}
