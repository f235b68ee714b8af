import { SingleBar } from 'cli-progress';
import { bytes } from './diff-report';

/** Bytes received so far, on stderr, only when it is a terminal (logs and pipes get the final line only). */
export class DownloadProgress {
  private bar: SingleBar | undefined;

  constructor(private readonly stream: NodeJS.WriteStream = process.stderr) {}

  start(totalBytes: number | undefined): void {
    if (!this.stream.isTTY) return;
    const format = totalBytes
      ? 'receiving [{bar}] {percentage}% {received} of {total_text}'
      : 'receiving {received}';
    this.bar = new SingleBar({ format, stream: this.stream, hideCursor: true, clearOnComplete: true, barsize: 30 });
    this.bar.start(totalBytes ?? 1, 0, { received: bytes(0), total_text: bytes(totalBytes ?? 0) });
  }

  update(receivedBytes: number): void {
    this.bar?.update(Math.min(receivedBytes, this.bar.getTotal()), { received: bytes(receivedBytes) });
  }

  stop(): void {
    this.bar?.stop();
    this.bar = undefined;
  }
}
