/** What every started platform adapter gives back to main: a name and a clean way to stop. */
export interface RunningAdapter {
  name: string;
  stop(): Promise<void>;
}
