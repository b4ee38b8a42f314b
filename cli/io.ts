// What the `ca` commands write to and where they run; types only.

export interface Io {
  out: (line: string) => void;
  err: (line: string) => void;
  /** Relative paths resolve here (npm run changes the working folder; INIT_CWD keeps the user's). */
  cwd: string;
}

/** A server that holds the data folder's lock, as read from the lock file. */
export interface RemoteServer {
  url: string;
  pid: number;
}
