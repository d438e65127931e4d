type Frame =
  | { readonly type: 'object'; readonly keys: Set<string>; expectKey: boolean; currentKey: string }
  | { readonly type: 'array'; index: number };

/**
 * Finds keys that appear twice in one object of a JSON text (`JSON.parse` silently keeps the
 * last one, so a duplicated state would vanish). Linear, iterative; assumes `text` is valid JSON.
 * Returns the JSON Pointer segments of each duplicate.
 */
export function findDuplicateKeys(text: string, max = 20): (string | number)[][] {
  const found: (string | number)[][] = [];
  const stack: Frame[] = [];
  const segments = (): (string | number)[] =>
    stack.map((f) => (f.type === 'object' ? f.currentKey : f.index));
  let i = 0;
  while (i < text.length && found.length < max) {
    const c = text[i];
    if (c === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') {
        j += text[j] === '\\' ? 2 : 1;
      }
      const top = stack[stack.length - 1];
      if (top?.type === 'object' && top.expectKey) {
        let key: string;
        try {
          key = JSON.parse(text.slice(i, j + 1)) as string;
        } catch {
          key = text.slice(i + 1, j);
        }
        if (top.keys.has(key)) {
          found.push([...segments().slice(0, -1), key]);
        }
        top.keys.add(key);
        top.currentKey = key;
        top.expectKey = false;
      }
      i = j + 1;
      continue;
    }
    const top = stack[stack.length - 1];
    if (c === '{') {
      stack.push({ type: 'object', keys: new Set(), expectKey: true, currentKey: '' });
    } else if (c === '[') {
      stack.push({ type: 'array', index: 0 });
    } else if (c === '}' || c === ']') {
      stack.pop();
    } else if (c === ',' && top) {
      if (top.type === 'object') {
        top.expectKey = true;
      } else {
        top.index += 1;
      }
    }
    i += 1;
  }
  return found;
}
