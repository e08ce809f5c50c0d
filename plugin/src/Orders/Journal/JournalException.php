<?php
/**
 * The journal could not be written: no money may move.
 *
 * @package EcsterOM
 */

declare(strict_types=1);

namespace EcsterOM\Orders\Journal;

/**
 * Thrown when an intent cannot be saved; the runner turns it into a refusal before any request.
 */
final class JournalException extends \RuntimeException {
}
