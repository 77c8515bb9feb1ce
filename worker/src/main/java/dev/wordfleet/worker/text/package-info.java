/**
 * The word policy of the worker: which text of a response body is read and how that text becomes words.
 * <p>
 * {@link dev.wordfleet.worker.text.PageTextExtractor} turns a body and its {@code Content-Type} into text,
 * {@link dev.wordfleet.worker.text.WordSplitter} splits text into normalized words, and
 * {@link dev.wordfleet.worker.text.PageCounter} does both and counts the words of one page.
 */
@NullMarked
package dev.wordfleet.worker.text;

import org.jspecify.annotations.NullMarked;
