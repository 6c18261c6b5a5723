/** One paragraph of an article: the unit that is indexed, cited and mined for figures. */
export interface Chunk {
  /** `${sourceId}#${paragraph}` */
  id: string;
  sourceId: string;
  /**
   * 1-based number of this paragraph in the original article, counting every paragraph the reader
   * sees (headings, captions and footers included), so a citation can be checked by counting.
   */
  paragraph: number;
  /** The short heading line this paragraph sits under, if any: context, not content. */
  heading?: string;
  /** The paragraph text, verbatim. */
  text: string;
}
