// A function of a text whose answers are kept per text: `route --batch` and the rules parse the same few
// thousand domains, addresses and smart hosts again and again. Cleared when full, so that a stream of
// distinct texts costs no more memory than this. Pure: the answers must not be changed by a caller.

const KEPT = 20_000;

export function keptPerText<V>(compute: (text: string) => V): (text: string) => V {
  const answers = new Map<string, V>();
  return (text) => {
    let answer = answers.get(text);
    if (answer === undefined) {
      if (answers.size >= KEPT) answers.clear();
      answer = compute(text);
      answers.set(text, answer);
    }
    return answer;
  };
}
