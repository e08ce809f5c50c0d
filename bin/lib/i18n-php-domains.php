<?php
/**
 * For bin/i18n.mjs: the text domain of every WordPress translation call in the given PHP files,
 * read with PHP's own tokenizer (xgettext cannot tell domains apart). Prints JSON:
 * [ { "msgid": "…", "context": "…"|null, "domain": "…"|null, "file": "…", "line": 12 }, … ];
 * "domain" is null when the call names none (WordPress's own "default" domain) or not as a literal.
 *
 * Usage: php bin/lib/i18n-php-domains.php file.php …
 *
 * @package EcsterOM
 */

declare(strict_types=1);

// Function => [ index of msgid, index of context or -1, index of domain ].
const ECSTER_OM_I18N_CALLS = array(
	'__'         => array( 0, -1, 1 ),
	'_e'         => array( 0, -1, 1 ),
	'esc_html__' => array( 0, -1, 1 ),
	'esc_html_e' => array( 0, -1, 1 ),
	'esc_attr__' => array( 0, -1, 1 ),
	'esc_attr_e' => array( 0, -1, 1 ),
	'_x'         => array( 0, 1, 2 ),
	'_ex'        => array( 0, 1, 2 ),
	'esc_html_x' => array( 0, 1, 2 ),
	'esc_attr_x' => array( 0, 1, 2 ),
	'_n'         => array( 0, -1, 3 ),
	'_nx'        => array( 0, 3, 4 ),
	'_n_noop'    => array( 0, -1, 2 ),
	'_nx_noop'   => array( 0, 2, 3 ),
);

/**
 * The value of a single-token string literal, or null.
 *
 * @param array<int, mixed> $tokens Tokens of one argument (whitespace and comments removed).
 */
function ecster_om_i18n_literal( array $tokens ): ?string {
	if ( 1 !== count( $tokens ) || ! is_array( $tokens[0] ) || T_CONSTANT_ENCAPSED_STRING !== $tokens[0][0] ) {
		return null;
	}
	$raw = $tokens[0][1];
	if ( "'" === $raw[0] ) {
		return str_replace( array( "\\'", '\\\\' ), array( "'", '\\' ), substr( $raw, 1, -1 ) );
	}
	return stripcslashes( substr( $raw, 1, -1 ) );
}

$found = array();
foreach ( array_slice( $argv, 1 ) as $file ) {
	$tokens = token_get_all( (string) file_get_contents( $file ) );
	$count  = count( $tokens );
	for ( $i = 0; $i < $count; $i++ ) {
		$token = $tokens[ $i ];
		if ( ! is_array( $token ) || T_STRING !== $token[0] || ! isset( ECSTER_OM_I18N_CALLS[ $token[1] ] ) ) {
			continue;
		}
		$previous = $i - 1;
		while ( $previous >= 0 && is_array( $tokens[ $previous ] ) && T_WHITESPACE === $tokens[ $previous ][0] ) {
			--$previous;
		}
		if ( $previous >= 0 && is_array( $tokens[ $previous ] ) && in_array( $tokens[ $previous ][0], array( T_FUNCTION, T_OBJECT_OPERATOR, T_DOUBLE_COLON, T_NULLSAFE_OBJECT_OPERATOR ), true ) ) {
			continue; // A definition or a method of the same name.
		}
		$j = $i + 1;
		while ( $j < $count && is_array( $tokens[ $j ] ) && T_WHITESPACE === $tokens[ $j ][0] ) {
			++$j;
		}
		if ( $j >= $count || '(' !== $tokens[ $j ] ) {
			continue;
		}
		$args  = array( array() );
		$depth = 0;
		for ( ++$j; $j < $count; $j++ ) {
			$t = $tokens[ $j ];
			if ( in_array( $t, array( '(', '[', '{' ), true ) || ( is_array( $t ) && in_array( $t[0], array( T_CURLY_OPEN, T_DOLLAR_OPEN_CURLY_BRACES ), true ) ) ) {
				++$depth;
			} elseif ( in_array( $t, array( ')', ']', '}' ), true ) ) {
				if ( 0 === $depth ) {
					break;
				}
				--$depth;
			} elseif ( ',' === $t && 0 === $depth ) {
				$args[] = array();
				continue;
			}
			if ( is_array( $t ) && in_array( $t[0], array( T_WHITESPACE, T_COMMENT, T_DOC_COMMENT ), true ) ) {
				continue;
			}
			$args[ count( $args ) - 1 ][] = $t;
		}
		[ $id, $context, $domain ] = ECSTER_OM_I18N_CALLS[ $token[1] ];
		$msgid                     = ecster_om_i18n_literal( $args[ $id ] ?? array() );
		if ( null === $msgid ) {
			continue;
		}
		$found[] = array(
			'msgid'   => $msgid,
			'context' => $context >= 0 ? ecster_om_i18n_literal( $args[ $context ] ?? array() ) : null,
			'domain'  => ecster_om_i18n_literal( $args[ $domain ] ?? array() ),
			'file'    => $file,
			'line'    => $token[2],
		);
	}
}
echo json_encode( $found, JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE | JSON_PRETTY_PRINT ), "\n";
