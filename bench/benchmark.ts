/** One benchmark of `npm run bench`: prints its measurements and how they compare with the target. */
export interface Benchmark {
  name: string;
  description: string;
  run(): Promise<void>;
}
