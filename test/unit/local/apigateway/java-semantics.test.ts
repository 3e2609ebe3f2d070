import {
  base64Decode,
  base64Encode,
  escapeJavaScript,
  JAVA_STRING_METHODS,
  javaMatches,
  JavaException,
  urlDecode,
  urlEncode,
} from '../../../../local/apigateway/java';
import { renderTemplate } from '../../../../local/apigateway/vtl';

const call = (self: string, method: string, ...args: unknown[]): unknown => (JAVA_STRING_METHODS[method] as (s: string, ...a: unknown[]) => unknown)(self, ...args);

describe('$util.escapeJavaScript (commons-lang StringEscapeUtils.escapeJavaScript)', () => {
  it.each([
    ['plain', 'ash-1 _.~', 'ash-1 _.~'],
    ['single quote', "it's", "it\\'s"],
    ['double quote', 'say "hi"', 'say \\"hi\\"'],
    ['backslash', 'a\\b', 'a\\\\b'],
    ['forward slash', '</script>', '<\\/script>'],
    ['newline, tab, CR, backspace, form feed', '\n\t\r\b\f', '\\n\\t\\r\\b\\f'],
    ['other control characters', '\u0001\u001f', '\\u0001\\u001F'],
    ['DEL is kept', '\u007f', '\u007f'],
    ['Latin-1', 'é', '\\u00E9'],
    ['two-byte', 'ĀϿ', '\\u0100\\u03FF'],
    ['CJK', 'ピ', '\\u30D4'],
    ['emoji as a surrogate pair', '😀', '\\uD83D\\uDE00'],
    ['JSON text', '{"a":"b"}', '{\\"a\\":\\"b\\"}'],
  ])('%s', (_case, input, expected) => {
    expect(escapeJavaScript(input)).toBe(expected);
  });

  it('passes null through', () => {
    expect(escapeJavaScript(undefined)).toBeUndefined();
    expect(escapeJavaScript(null)).toBeUndefined();
  });
});

describe('java.lang.String methods', () => {
  it.each<[string, string, unknown[], unknown]>([
    // replaceAll takes a Java regex, not a literal
    ["a\\'b\\'c", 'replaceAll', ["\\\\'", "'"], "a'b'c"],
    ['a.b.c', 'replaceAll', ['.', '-'], '-----'],
    ['a.b.c', 'replaceAll', ['\\.', '-'], 'a-b-c'],
    ['2024-05-14', 'replaceAll', ['(\\d+)-(\\d+)-(\\d+)', '$3/$2/$1'], '14/05/2024'],
    ['cost', 'replaceAll', ['cost', '\\$5'], '$5'],
    ['abc', 'replaceAll', ['', '-'], '-a-b-c-'],
    ['AbCb', 'replaceAll', ['(?i)B', 'x'], 'AxCx'],
    ['a.b', 'replaceAll', ['\\Q.\\E', '!'], 'a!b'],
    ['name: x', 'replaceAll', ['(?<key>\\w+): (\\w+)', '${key}=$2'], 'name=x'],
    ['aaa', 'replaceFirst', ['a', 'b'], 'baa'],
    // replace is literal
    ['a.b.c', 'replace', ['.', '-'], 'a-b-c'],
    ['a$1b', 'replace', ['$1', '\\'], 'a\\b'],
    // matches is a whole-string match
    ['cart-1', 'matches', ['^[A-Za-z0-9-]{1,64}$'], true],
    ['cart 1', 'matches', ['^[A-Za-z0-9-]{1,64}$'], false],
    ['abc', 'matches', ['b'], false],
    ['abc', 'matches', ['a.c'], true],
    ['a\nb', 'matches', ['a.b'], false],
    ['abc', 'matches', ['\\p{Alpha}+'], true],
    ['abc', 'matches', ['[a-z]++'], true],
    // substring / charAt
    ['{"a":1}', 'substring', [1], '"a":1}'],
    ['hello', 'substring', [1, 3], 'el'],
    ['hello', 'substring', [5], ''],
    ['hello', 'charAt', [1], 'e'],
    // split drops trailing empty strings and never returns captured groups
    ['a,b,,', 'split', [','], ['a', 'b']],
    ['boo:and:foo', 'split', ['o'], ['b', '', ':and:f']],
    ['a1b2c3', 'split', ['(\\d)'], ['a', 'b', 'c']],
    ['abc', 'split', [''], ['a', 'b', 'c']],
    ['a,b,c', 'split', [',', 2], ['a', 'b,c']],
    [',a', 'split', [','], ['', 'a']],
    // the rest
    ['héllo', 'length', [], 5],
    ['', 'isEmpty', [], true],
    ['\t x \u0001', 'trim', [], 'x'],
    ['Ash', 'equalsIgnoreCase', ['aSH'], true],
    ['Ash', 'equals', ['ash'], false],
    ['pikachu', 'contains', ['kach'], true],
    ['pikachu', 'indexOf', ['a'], 3],
    ['pikachu', 'lastIndexOf', ['a'], 3],
    ['pikachu', 'startsWith', ['pika'], true],
    ['pikachu', 'toUpperCase', [], 'PIKACHU'],
    ['hello', 'hashCode', [], 99162322],
    ['b', 'compareTo', ['a'], 1],
  ])('%j.%s(%j) is %j', (self, method, args, expected) => {
    expect(call(self, method, ...args)).toEqual(expected);
  });

  it.each<[string, string, unknown[]]>([
    ['abc', 'substring', [4]],
    ['abc', 'substring', [2, 1]],
    ['abc', 'substring', [-1]],
    ['abc', 'charAt', [3]],
    ['abc', 'replaceAll', ['(', 'x']],
    ['abc', 'replaceAll', ['b', '$']],
  ])('%j.%s(%j) throws like Java', (self, method, args) => {
    expect(() => call(self, method, ...args)).toThrow(JavaException);
  });

  it('matches selection patterns against the whole status code', () => {
    const pattern = '(4(0[1-9]|[1-9]\\d)|5\\d{2})';
    expect(['401', '404', '429', '500', '503'].filter((s) => javaMatches(s, pattern))).toEqual(['401', '404', '429', '500', '503']);
    expect(['200', '400', '4000', '1500', '50'].filter((s) => javaMatches(s, pattern))).toEqual([]);
    expect(javaMatches('400', '400')).toBe(true);
    expect(javaMatches('4001', '400')).toBe(false);
  });
});

describe('$util URL and base64 helpers', () => {
  it.each([
    ['a b&c=d/é*~', 'a+b%26c%3Dd%2F%C3%A9*%7E'],
    ['A-Za-z0-9._*', 'A-Za-z0-9._*'],
    ["it's", 'it%27s'],
  ])('urlEncode(%j) is %j (java.net.URLEncoder)', (input, expected) => {
    expect(urlEncode(input)).toBe(expected);
    expect(urlDecode(expected)).toBe(input);
  });

  it('urlDecode turns + into a space and rejects a bad escape', () => {
    expect(urlDecode('a+b%20c')).toBe('a b c');
    expect(() => urlDecode('%zz')).toThrow(JavaException);
  });

  it('base64 round-trips UTF-8', () => {
    expect(base64Encode('Pokémon')).toBe('UG9rw6ltb24=');
    expect(base64Decode('UG9rw6ltb24=')).toBe('Pokémon');
  });
});

describe('strings in templates have Java semantics', () => {
  const render = (template: string, body = '{}', path: Record<string, string> = {}): string =>
    renderTemplate(template, { body, params: { path, querystring: {}, header: {} }, context: {} });

  it('VTL string literals reach Java unescaped ("\\\\\'" is the regex \\\\\')', () => {
    expect(render(`#set($s = $util.escapeJavaScript($input.path('$.n')).replaceAll("\\\\'", "'"))$s`, '{"n":"O\'Brien \\"x\\""}')).toBe(
      'O\'Brien \\"x\\"',
    );
  });

  it('replaceAll, matches and substring on values from the payload', () => {
    expect(render(`$input.path('$.v').replaceAll('.', '_')`, '{"v":"a.b"}')).toBe('___');
    expect(render(`$input.path('$.v').matches('b')`, '{"v":"abc"}')).toBe('false');
    expect(render(`$input.json('$').substring(1)`, '{"v":"abc"}')).toBe('"v":"abc"}');
    expect(render(`#set($c = $input.params('cartId'))#if($c.matches('^[a-z-]{1,5}$'))ok#{else}bad#end`, '{}', { cartId: 'ab-c' })).toBe('ok');
    expect(render(`#set($c = $input.params('cartId'))#if($c.matches('^[a-z-]{1,5}$'))ok#{else}bad#end`, '{}', { cartId: 'ab c' })).toBe('bad');
  });

  it('a Java exception fails the template', () => {
    expect(() => render(`$input.path('$.v').substring(10)`, '{"v":"abc"}')).toThrow(/StringIndexOutOfBoundsException/);
  });
});
