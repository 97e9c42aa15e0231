/**
 * Defence in depth behind the platforms' own masking: every message is scrubbed of registered secrets before
 * it is written, so a secret leaks neither through a platform that forgot to mask nor through our own files.
 */
export class SecretScrubber {
  private readonly secrets = new Set<string>();

  /** Registers a secret (and its trimmed and per-line forms, as the runners mask multi-line values). */
  add(secret: string): void {
    for (const candidate of [secret, secret.trim(), ...secret.split(/\r?\n/).map((l) => l.trim())]) {
      // Very short values would blank out ordinary words and protect nothing.
      if (candidate.length >= 3) this.secrets.add(candidate);
    }
  }

  /** Every registered secret, for platforms that need to be told separately. */
  list(): readonly string[] {
    return [...this.secrets];
  }

  /** The text with every registered secret replaced by `***`, longest first so overlaps cannot leak a tail. */
  scrub(text: string): string {
    let out = text;
    for (const secret of [...this.secrets].sort((a, b) => b.length - a.length)) {
      out = out.split(secret).join('***');
    }
    return out;
  }
}
