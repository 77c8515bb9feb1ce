package dev.wordfleet.worker.text;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

import org.jsoup.nodes.CDataNode;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.parser.Parser;
import org.jsoup.parser.StreamParser;
import org.jsoup.parser.Tag;
import org.jspecify.annotations.Nullable;

/**
 * Reads the text of an HTML document, as {@link PageTextExtractor} defines it, while jsoup parses the document, and
 * hands it to a {@link WordFeed}. The parsed tree holds only the part of the document that is not final yet: each
 * node is removed once its text is taken.
 * <p>
 * The text is that of {@link Element#text()} on {@code <body>} after the removed elements ({@code script},
 * {@code style}, {@code noscript}, {@code template} and {@code [hidden]}) are gone. That method visits the tree in
 * document order. On entering a text node it appends the node's text, with white space collapsed unless the node is
 * CDATA or an ancestor up to six levels up preserves white space. On entering an element it appends a space when the
 * text so far is not empty, does not end with a space, and the element is a block, a {@code br}, or a text boundary
 * element (such as {@code button} or {@code img}) that has text. On leaving an element it appends a space when its
 * next sibling is a text node or an inline element, the text does not end with a space, and the element is a text
 * boundary, is not inline, or has a block child. The text is trimmed at the end. This class applies the same rules
 * to the nodes in the same order, but takes each node as soon as its part of the text can no longer change.
 * <p>
 * jsoup's tree builder changes the tree in a few ways that reach back: misnested formatting elements ({@code a},
 * {@code b}, {@code font} and the like) make it move open elements and all children of an open element; content in
 * a table where it does not belong is inserted before the open table; and {@code <html>} and {@code <body>} tags
 * later in the page add their attributes, such as {@code hidden}, to the elements that exist. So this class takes
 * a node only once it is final:
 * <ul>
 * <li>A text node never changes once inserted.</li>
 * <li>An element is closed, with a final subtree, once it has a next sibling (other than a table that may still be
 * open, before which jsoup may insert content), once its parent is closed, or once the document ends. A closed
 * element is read whole.</li>
 * <li>An element that may still be open is entered (its children are read as they become final) unless it is a
 * table, a text boundary element, a removed element, or inside an element that may still be an open formatting
 * element. Those wait until they are closed, so their whole subtree stays in memory until then.</li>
 * <li>Whether an element's trailing space is needed depends on its next sibling, so it is decided once that sibling
 * is final.</li>
 * <li>When {@code <html>} or {@code <body>} gets a {@code hidden} attribute, or a {@code <frameset>} replaces the
 * body, the whole page has no text, and the words counted so far are discarded.</li>
 * </ul>
 * Nodes are taken every {@value #STEP_CHARS} chars of input, when the parser asks for more, and whenever the parser
 * hands out an element. Elements that jsoup's {@link StreamParser} has not handed out yet are emptied but kept in the
 * tree until it does, because the parser keeps track of closed elements through their siblings and would otherwise
 * hold on to them.
 * <p>
 * Instances read one document and are not thread-safe.
 */
final class StreamingHtmlText {

	/** The chars of input between two passes over the tree. */
	static final int STEP_CHARS = 4096;

	/**
	 * The formatting elements that jsoup's adoption agency algorithm reopens elsewhere when their end tag is
	 * misnested, moving the open elements inside them.
	 */
	private static final Set<String> FORMATTING_ELEMENTS = Set.of("a", "b", "big", "code", "em", "font", "i", "nobr",
			"s", "small", "strike", "strong", "tt", "u");

	/** How many ancestors of a text node {@link Element#text()} looks at for one that preserves white space. */
	private static final int WHITESPACE_ANCESTORS = 6;

	private final WordFeed feed;

	private final Consumer<Document> stepObserver;

	private @Nullable Document document;

	private @Nullable Element html;

	/** The {@code body} element, once the parser has created it. */
	private @Nullable Element body;

	/** The elements being read, from the body down; the elements of their children that are read are removed. */
	private final List<Frame> path = new ArrayList<>();

	/** Elements whose text is taken, kept empty in the tree until the parser hands them out. */
	private final Set<Element> husks = Collections.newSetFromMap(new IdentityHashMap<>());

	/** Elements in the body that the parser has handed out and whose text is not taken yet. */
	private final Set<Element> handedOut = Collections.newSetFromMap(new IdentityHashMap<>());

	/** Whether the page turned out to have no text: a hidden {@code <html>} or body, or a frameset. */
	private boolean voided;

	/** Whether any text was appended, including leading white space that the trim at the end removes. */
	private boolean appended;

	/** The last char appended. */
	private char lastChar;

	/** Whether a char other than white space or a control char was passed on, which ends the leading trim. */
	private boolean started;

	/**
	 * Creates a reader of one document.
	 * @param feed receives the text
	 * @param stepObserver called with the document after each pass over the tree, for tests that measure it
	 */
	StreamingHtmlText(WordFeed feed, Consumer<Document> stepObserver) {
		this.feed = feed;
		this.stepObserver = stepObserver;
	}

	/**
	 * Parses a document to its end and hands its text to the feed.
	 * @param input the decoded document; it is read to its end but not closed
	 * @param baseUri the URL of the page
	 * @throws IOException the exception that the input threw, unchanged
	 */
	void read(Reader input, String baseUri) throws IOException {
		StreamParser parser = new StreamParser(Parser.htmlParser());
		try {
			parser.parse(new SteppingReader(input), baseUri);
			this.document = parser.document();
			Iterator<Element> elements = parser.iterator();
			while (elements.hasNext()) {
				handedOut(elements.next());
			}
		}
		catch (UncheckedIOException ex) {
			// jsoup wraps what the reader throws; the caller needs the original to tell why the body ended.
			throw ex.getCause();
		}
		finally {
			parser.close();
		}
		step(true);
	}

	/**
	 * Hands the text of a document that is parsed already to the feed.
	 * @param parsed the whole document
	 */
	void read(Document parsed) {
		this.document = parsed;
		step(true);
	}

	/**
	 * Takes every node that is final. After the document has ended every node is.
	 */
	private void step(boolean ended) {
		Document parsed = this.document;
		if (parsed == null) {
			return;
		}
		if (!this.voided && findBody(parsed) && !isVoided()) {
			while (takeNext(ended)) {
				// Each call takes one node.
			}
		}
		this.stepObserver.accept(parsed);
	}

	/**
	 * Finds the body once the parser has created it.
	 * @return whether there is a body
	 */
	private boolean findBody(Document parsed) {
		if (this.body != null) {
			return true;
		}
		Element root = parsed.firstElementChild();
		while (root != null && !root.nameIs("html")) {
			root = root.nextElementSibling();
		}
		if (root == null) {
			return false;
		}
		for (Element child = root.firstElementChild(); child != null; child = child.nextElementSibling()) {
			if (child.nameIs("body") || child.nameIs("frameset")) {
				this.html = root;
				this.body = child;
				this.path.add(new Frame(child));
				return true;
			}
		}
		return false;
	}

	/**
	 * Tells whether the page has no text after all, and if so drops what was counted. jsoup adds the attributes of
	 * a later {@code <html>} or {@code <body>} tag to the existing element, and the {@code hidden} attribute then
	 * removes the whole body; a {@code <frameset>} replaces a body that has no text yet, and a frameset has none.
	 */
	private boolean isVoided() {
		Element root = this.body;
		Element document = this.html;
		if (root != null && document != null && (root.parent() != document || root.nameIs("frameset")
				|| PageTextExtractor.isRemoved(document) || PageTextExtractor.isRemoved(root))) {
			this.voided = true;
			this.path.clear();
			this.husks.clear();
			this.handedOut.clear();
			this.feed.discardAll();
		}
		return this.voided;
	}

	/**
	 * Takes the next node in document order if it is final.
	 * @return whether a node was taken
	 */
	private boolean takeNext(boolean ended) {
		int depth = this.path.size() - 1;
		Frame frame = this.path.get(depth);
		Node child = firstUntaken(frame.element);

		// An entered element is left once it is closed and all its children are taken.
		if (child == null) {
			if (depth == 0 || !(ended || isClosed(depth))) {
				return false;
			}
			leave(frame);
			return true;
		}

		// Text never changes, and other nodes have none.
		if (child instanceof TextNode text) {
			frame.resolveTrailingSpace(true, this);
			appendText(text);
			text.remove();
			return true;
		}
		if (!(child instanceof Element element)) {
			// Comments and other nodes have no text, and the trailing space of an element before them is not needed.
			frame.resolveTrailingSpace(false, this);
			child.remove();
			return true;
		}

		// A removed element is dropped once closed, and one that jsoup may still change is left to wait.
		boolean closed = ended || isClosed(element, depth);
		if (PageTextExtractor.isRemoved(element)) {
			if (!closed) {
				trimRemoved(element, depth);
				return false;
			}
			release(element);
			return true;
		}
		if (!closed && (element.nameIs("table") || isTextBoundary(element) || insideOpenFormatting(depth))) {
			return false;
		}

		// A closed element is read whole; an open one is entered and its children are read as they become final.
		frame.resolveTrailingSpace(element.tag().isInline(), this);
		if (closed) {
			appendElement(element);
			frame.childTaken(element, needsTrailingSpace(element));
			release(element);
		}
		else {
			if (needsLeadingSpace(element)) {
				appendLeadingSpace();
			}
			this.path.add(new Frame(element));
		}
		return true;
	}

	/**
	 * Leaves an element that was entered and has no children left.
	 */
	private void leave(Frame frame) {
		this.path.removeLast();
		Element element = frame.element;
		boolean trailingSpace = isTextBoundary(element) || !element.tag().isInline() || frame.hasBlockChild;
		this.path.getLast().childTaken(element, trailingSpace);
		release(element);
	}

	/**
	 * Returns the first child whose text is not taken yet.
	 */
	private @Nullable Node firstUntaken(Element element) {
		Node child = element.firstChild();
		while (child instanceof Element husk && this.husks.contains(husk)) {
			child = child.nextSibling();
		}
		return child;
	}

	/**
	 * Tells whether the element on the path at the given depth is closed; the body is closed only at the end.
	 */
	private boolean isClosed(int depth) {
		Frame frame = this.path.get(depth);
		if (!frame.closed && depth > 0 && (hasFinalNextSibling(frame.element) || isClosed(depth - 1))) {
			frame.closed = true;
		}
		return frame.closed;
	}

	/**
	 * Tells whether a child of the element on the path at the given depth is closed.
	 */
	private boolean isClosed(Element child, int depth) {
		return child.tag().isEmpty() || hasFinalNextSibling(child) || isClosed(depth);
	}

	/**
	 * Tells whether an element has a next sibling that nothing will be inserted before. Only an open element can be
	 * followed by new nodes, and jsoup inserts a node before an existing one only before an open table (foster
	 * parenting), so such a sibling shows that the element is closed.
	 */
	private static boolean hasFinalNextSibling(Element element) {
		Node next = element.nextSibling();
		while (next instanceof Element table && table.nameIs("table")) {
			next = table.nextSibling();
		}
		return next != null;
	}

	/**
	 * Tells whether an element on the path up to the given depth may still be an open formatting element, whose
	 * misnested end tag would move the open elements inside it and the children of the open block inside it.
	 */
	private boolean insideOpenFormatting(int depth) {
		for (int i = depth; i > 0; i--) {
			if (FORMATTING_ELEMENTS.contains(this.path.get(i).element.normalName()) && !isClosed(i)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Drops the final children of a removed element that is still open, so that a long hidden section does not stay
	 * in memory. Only done when no formatting element can move its open descendants out of it.
	 */
	private void trimRemoved(Element removed, int depth) {
		if (insideOpenFormatting(depth)) {
			return;
		}
		Element element = removed;
		while (true) {
			Node child = element.firstChild();
			Node last = element.lastChild();
			while (child != null && child != last) {
				Node next = child.nextSibling();
				if (!(child instanceof Element husk && this.husks.contains(husk))) {
					drop(child);
				}
				child = next;
			}
			if (!(last instanceof Element open) || open.tag().isEmpty() || this.husks.contains(open)) {
				return;
			}
			element = open;
		}
	}

	private void drop(Node node) {
		if (node instanceof Element element) {
			release(element);
		}
		else {
			node.remove();
		}
	}

	/**
	 * Removes an element whose text is taken, or empties it when the parser has not handed it out yet.
	 */
	private void release(Element element) {
		if (!this.handedOut.isEmpty()) {
			forgetHandedOut(element);
		}
		if (this.handedOut.remove(element)) {
			element.remove();
		}
		else {
			element.empty();
			this.husks.add(element);
		}
	}

	private void forgetHandedOut(Element element) {
		for (Element child = element.firstElementChild(); child != null; child = child.nextElementSibling()) {
			if (!this.husks.contains(child)) {
				this.handedOut.remove(child);
				forgetHandedOut(child);
			}
		}
	}

	/**
	 * Notes an element that the parser hands out: it is closed and the parser no longer tracks it.
	 */
	private void handedOut(Element element) {
		Document parsed = this.document;
		if (parsed != null) {
			findBody(parsed);
		}
		if (this.husks.remove(element)) {
			element.remove();
		}
		else if (!this.voided && isInsideBody(element)) {
			this.handedOut.add(element);
		}
		else if (element.nameIs("head") && element.parent() == this.html) {
			// Nothing in the head is read, and the parser no longer tracks it.
			element.remove();
		}
		step(false);
	}

	private boolean isInsideBody(Element element) {
		Element root = this.body;
		if (root == null || element == root) {
			return false;
		}
		for (Element ancestor = element.parent(); ancestor != null; ancestor = ancestor.parent()) {
			if (ancestor == root) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Appends the text of a closed element and its subtree, without the trailing space that depends on its next
	 * sibling.
	 */
	private void appendElement(Element element) {
		if (needsLeadingSpace(element)) {
			appendLeadingSpace();
		}
		for (Node child = element.firstChild(); child != null; child = child.nextSibling()) {
			if (child instanceof TextNode text) {
				appendText(text);
			}
			else if (child instanceof Element childElement && !PageTextExtractor.isRemoved(childElement)) {
				appendElement(childElement);
				if (needsTrailingSpace(childElement) && isTextOrInline(nextKept(childElement))) {
					appendTrailingSpace();
				}
			}
		}
	}

	private boolean needsLeadingSpace(Element element) {
		return element.tag().isBlock() || element.nameIs("br")
				|| (isTextBoundary(element) && hasKeptChild(element) && hasKeptText(element));
	}

	private boolean needsTrailingSpace(Element element) {
		return isTextBoundary(element) || !element.tag().isInline() || hasKeptBlockChild(element);
	}

	private static boolean isTextBoundary(Element element) {
		return element.tag().is(Tag.TextBoundary);
	}

	private static boolean isKept(Node node) {
		return !(node instanceof Element element && PageTextExtractor.isRemoved(element));
	}

	private static @Nullable Node nextKept(Node node) {
		Node next = node.nextSibling();
		while (next != null && !isKept(next)) {
			next = next.nextSibling();
		}
		return next;
	}

	private static boolean isTextOrInline(@Nullable Node node) {
		return node instanceof TextNode || (node instanceof Element element && element.tag().isInline());
	}

	private static boolean hasKeptChild(Element element) {
		for (Node child = element.firstChild(); child != null; child = child.nextSibling()) {
			if (isKept(child)) {
				return true;
			}
		}
		return false;
	}

	private static boolean hasKeptBlockChild(Element element) {
		for (Element child = element.firstElementChild(); child != null; child = child.nextElementSibling()) {
			if (child.tag().isBlock() && isKept(child)) {
				return true;
			}
		}
		return false;
	}

	private static boolean hasKeptText(Element element) {
		for (Node child = element.firstChild(); child != null; child = child.nextSibling()) {
			if ((child instanceof TextNode text && !text.isBlank())
					|| (child instanceof Element childElement && isKept(childElement) && hasKeptText(childElement))) {
				return true;
			}
		}
		return false;
	}

	private void appendText(TextNode text) {
		String value = text.getWholeText();
		if (text instanceof CDataNode || preservesWhitespace(text.parent())) {
			for (int i = 0; i < value.length(); i++) {
				append(value.charAt(i));
			}
			return;
		}
		// White space collapses to one space, and none at all after a space; zero width spaces and soft hyphens go.
		boolean skipWhitespace = endsWithSpace();
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r' || c == '\u00A0') {
				if (!skipWhitespace) {
					append(' ');
					skipWhitespace = true;
				}
			}
			else if (c != '\u200B' && c != '\u00AD') {
				append(c);
				skipWhitespace = false;
			}
		}
	}

	private static boolean preservesWhitespace(@Nullable Node parent) {
		Element element = (parent instanceof Element parentElement) ? parentElement : null;
		for (int i = 0; i < WHITESPACE_ANCESTORS && element != null; i++) {
			if (element.tag().preserveWhitespace()) {
				return true;
			}
			element = element.parent();
		}
		return false;
	}

	private boolean endsWithSpace() {
		return this.appended && this.lastChar == ' ';
	}

	/**
	 * Appends the space before a block, {@code br} or text boundary element, unless the text is empty or ends with
	 * one.
	 */
	private void appendLeadingSpace() {
		if (this.appended && this.lastChar != ' ') {
			append(' ');
		}
	}

	/** Appends the space after an element unless the text ends with one, even at the start of the text. */
	private void appendTrailingSpace() {
		if (!endsWithSpace()) {
			append(' ');
		}
	}

	private void append(char c) {
		this.appended = true;
		this.lastChar = c;
		// Element.text() trims the result: chars up to U+0020 at the start are dropped. Those at the end are not
		// words and never join one, so they need no trimming.
		if (this.started || c > ' ') {
			this.started = true;
			this.feed.append(c);
		}
	}

	/**
	 * An element on the path: one whose children are being read.
	 */
	private static final class Frame {

		private final Element element;

		/** Whether the element is known to be closed. */
		private boolean closed;

		/** Whether a child taken so far is a block element. */
		private boolean hasBlockChild;

		/** Whether the child taken last needs a trailing space if its next sibling is text or an inline element. */
		private boolean trailingSpacePending;

		Frame(Element element) {
			this.element = element;
		}

		void childTaken(Element child, boolean needsTrailingSpace) {
			this.hasBlockChild |= child.tag().isBlock();
			this.trailingSpacePending = needsTrailingSpace;
		}

		void resolveTrailingSpace(boolean nextIsTextOrInline, StreamingHtmlText text) {
			if (this.trailingSpacePending && nextIsTextOrInline) {
				text.appendTrailingSpace();
			}
			this.trailingSpacePending = false;
		}

	}

	/**
	 * Passes the decoded input to the parser and, every {@value #STEP_CHARS} chars, takes the nodes that are final
	 * before the parser reads on. It does not close the input.
	 */
	private final class SteppingReader extends Reader {

		private final Reader input;

		private int charsSinceStep;

		SteppingReader(Reader input) {
			this.input = input;
		}

		@Override
		public int read(char[] buffer, int offset, int length) throws IOException {
			if (this.charsSinceStep >= STEP_CHARS) {
				this.charsSinceStep = 0;
				step(false);
			}
			int read = this.input.read(buffer, offset, length);
			if (read > 0) {
				this.charsSinceStep += read;
			}
			return read;
		}

		@Override
		public void close() {
			// The caller owns the input.
		}

	}

}
