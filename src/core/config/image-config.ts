/** Placeholder until the image.yaml schema lands (issue #2, config milestone). */
export interface ImageConfig {
  readonly [key: string]: unknown;
}
