/** The user name and password a URL carries (percent-decoded), each absent when empty. */
export interface UrlCredentials {
  readonly username?: string;
  readonly password?: string;
}

/** The credentials in a URL's userinfo (scheme://user:password@host), decoded. */
export function urlCredentials(url: string): UrlCredentials {
  const { username, password } = new URL(url);
  return {
    ...(username === '' ? {} : { username: decodeURIComponent(username) }),
    ...(password === '' ? {} : { password: decodeURIComponent(password) }),
  };
}
