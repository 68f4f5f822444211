/** One answer of a `CookieBrowser` hop. */
export interface Hop {
  readonly url: string;
  readonly status: number;
  readonly location?: string;
  readonly setCookies: string[];
  readonly body: string;
}

/**
 * A browser reduced to what a sign-in needs: it keeps cookies (by name: every cookie here is the ledger's, and the
 * fake provider sets none), follows redirects one hop at a time, and opens the service's public URL
 * (`PUBLIC_BASE_URL`, where the provider sends people back) on the in-process service instead.
 */
export class CookieBrowser {
  readonly cookies = new Map<string, string>();
  readonly hops: Hop[] = [];

  /** `serviceUrl` may change (the service restarted on another port): the cookies stay. */
  constructor(private readonly publicBaseUrl: string, public serviceUrl: string) {}

  /** One request, no redirect followed; cookies sent and kept. */
  async open(url: string, init: { method?: string; form?: Record<string, string> } = {}): Promise<Hop> {
    const target = url.startsWith(this.publicBaseUrl) ? `${this.serviceUrl}${url.slice(this.publicBaseUrl.length)}` : url;
    const headers: Record<string, string> = { accept: 'text/html', 'accept-language': 'en-GB' };
    if (this.cookies.size > 0 && target.startsWith(this.serviceUrl)) {
      headers.cookie = [...this.cookies].map(([name, value]) => `${name}=${encodeURIComponent(value)}`).join('; ');
    }
    if (init.form !== undefined) headers['content-type'] = 'application/x-www-form-urlencoded';
    const response = await fetch(target, {
      method: init.method ?? (init.form === undefined ? 'GET' : 'POST'),
      headers,
      redirect: 'manual',
      ...(init.form === undefined ? {} : { body: new URLSearchParams(init.form).toString() }),
    });
    const setCookies = response.headers.getSetCookie();
    for (const line of setCookies) this.keep(line);
    const location = response.headers.get('location') ?? undefined;
    const hop: Hop = { url: target, status: response.status, setCookies, body: await response.text(), ...(location === undefined ? {} : { location: new URL(location, target).href }) };
    this.hops.push(hop);
    return hop;
  }

  /** Opens `url` and follows redirects (at most 10) to the page they end on. */
  async follow(url: string, init: { method?: string; form?: Record<string, string> } = {}): Promise<Hop> {
    let hop = await this.open(url, init);
    for (let left = 10; hop.location !== undefined && hop.status >= 300 && hop.status < 400; left -= 1) {
      if (left === 0) throw new Error(`too many redirects from ${url}`);
      hop = await this.open(hop.location);
    }
    return hop;
  }

  private keep(line: string): void {
    const [pair = ''] = line.split(';');
    const at = pair.indexOf('=');
    const name = pair.slice(0, at).trim();
    const value = decodeURIComponent(pair.slice(at + 1).trim());
    if (/;\s*Max-Age=0\b/i.test(line) || value === '') this.cookies.delete(name);
    else this.cookies.set(name, value);
  }
}

/** The value of a form's hidden field in a page. */
export const hiddenField = (page: string, name: string): string => {
  const found = new RegExp(`name="${name}" value="([^"]*)"`).exec(page);
  if (found?.[1] === undefined) throw new Error(`no hidden field ${name} in the page`);
  return found[1];
};

/** A page's notices as text (tags stripped). */
export const noticesOf = (page: string): string[] =>
  [...page.matchAll(/<div class="notice[^"]*"[^>]*>([\s\S]*?)<\/div>/g)].map((match) => (match[1] ?? '').replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim());
