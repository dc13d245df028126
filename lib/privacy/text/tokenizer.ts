// The Japanese morphological analyser (kuromoji with the IPADIC dictionary shipped inside its npm package), built
// lazily and once per thread: the dictionary takes seconds to load and about a hundred megabytes, so only a thread
// that scrubs free text ever loads it.
import path from 'path';
import kuromoji, { type IpadicFeatures, type Tokenizer } from 'kuromoji';

let building: Promise<Tokenizer<IpadicFeatures>> | undefined;

/** The analyser, loading its dictionary on the first call (later calls share the same one). */
export function loadTokenizer(): Promise<Tokenizer<IpadicFeatures>> {
  building ??= new Promise((resolve, reject) => {
    const dicPath = path.join(path.dirname(require.resolve('kuromoji/package.json')), 'dict');
    kuromoji.builder({ dicPath }).build((err, tokenizer) => (err ? reject(err) : resolve(tokenizer)));
  });
  return building;
}
