/**
 * robots.txt as RFC 9309 defines it: a parser and matcher for the rules that apply to the worker's product token,
 * and a cache that fetches each origin's robots.txt once through the guarded page fetcher.
 */
@NullMarked
package dev.wordfleet.worker.robots;

import org.jspecify.annotations.NullMarked;
