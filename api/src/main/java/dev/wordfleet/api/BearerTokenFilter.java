package dev.wordfleet.api;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Requires {@code Authorization: Bearer <token>} on every request except the health endpoints
 * ({@code /actuator/health} and below), which orchestrators probe without credentials. A request without the header
 * or with another token gets 401 with a {@code WWW-Authenticate: Bearer} challenge (RFC 6750) and a problem document.
 * <p>
 * The token is compared through SHA-256 digests with {@link MessageDigest#isEqual}, whose running time depends on
 * neither the position of the first differing byte nor, because digests have one length, the token's length.
 */
public class BearerTokenFilter extends OncePerRequestFilter {

	private static final Logger logger = LoggerFactory.getLogger(BearerTokenFilter.class);

	private static final String BEARER_PREFIX = "Bearer ";

	private static final String HEALTH_PATH = "/actuator/health";

	private final byte[] tokenDigest;

	private final ProblemResponses problems;

	BearerTokenFilter(String token, ProblemResponses problems) {
		this.tokenDigest = sha256(token);
		this.problems = problems;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		// The servlet path is decoded and normalized by the container, so "/actuator/health/../prometheus" is not
		// mistaken for a health path.
		String path = request.getServletPath() + ((request.getPathInfo() != null) ? request.getPathInfo() : "");
		return path.equals(HEALTH_PATH) || path.startsWith(HEALTH_PATH + "/");
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String given = bearerToken(request.getHeader(HttpHeaders.AUTHORIZATION));
		if (given != null && MessageDigest.isEqual(this.tokenDigest, sha256(given))) {
			chain.doFilter(request, response);
			return;
		}
		String detail;
		if (given == null) {
			response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"wordfleet\"");
			detail = "this endpoint requires the header \"Authorization: Bearer <token>\" with the token set in "
					+ ApiProperties.TOKEN_PROPERTY;
		}
		else {
			response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"wordfleet\", error=\"invalid_token\"");
			detail = "the bearer token is not the one set in " + ApiProperties.TOKEN_PROPERTY;
		}
		logger.debug("Rejected {} {} from {}: {}", request.getMethod(), request.getRequestURI(),
				request.getRemoteAddr(), (given == null) ? "no bearer token" : "wrong bearer token");
		this.problems.send(request, response, HttpStatus.UNAUTHORIZED, "Unauthorized", detail, Map.of());
	}

	/** Returns the token of a {@code Bearer} authorization header, or {@code null} for any other header. */
	private static @Nullable String bearerToken(@Nullable String authorization) {
		if (authorization == null || !authorization.regionMatches(true, 0, BEARER_PREFIX, 0, BEARER_PREFIX.length())) {
			return null;
		}
		String token = authorization.substring(BEARER_PREFIX.length()).strip();
		return token.isEmpty() ? null : token;
	}

	private static byte[] sha256(String value) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("every Java runtime provides SHA-256", ex);
		}
	}

}
