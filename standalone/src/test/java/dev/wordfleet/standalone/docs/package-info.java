/**
 * Tests that keep the documentation in step with the code.
 */
@NullMarked
package dev.wordfleet.standalone.docs;

import org.jspecify.annotations.NullMarked;
