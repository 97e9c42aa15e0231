/**
 * A fixed set of equally sized buffers handed out and returned, so a streaming upload's memory is bounded
 * by construction whatever the disk size: `acquire` waits while every buffer is in use.
 */
export class BufferPool {
  private readonly free: Buffer[];
  private readonly waiters: ((b: Buffer) => void)[] = [];

  constructor(count: number, size: number) {
    this.free = Array.from({ length: count }, () => Buffer.allocUnsafe(size));
  }

  /** A free buffer, waiting for one to be released when none is. */
  acquire(): Promise<Buffer> {
    const b = this.free.pop();
    if (b) return Promise.resolve(b);
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Returns a buffer, handing it straight to the longest waiter if there is one. */
  release(b: Buffer): void {
    const waiter = this.waiters.shift();
    if (waiter) waiter(b);
    else this.free.push(b);
  }
}
