/**
 * A small, valid one-page PDF used as the credit invoice behind `billPdfUrl` (rule 17).
 */

function escapePdfText( text: string ): string {
	// Standard fonts use a Latin-1-like encoding; keep to printable ASCII.
	return text.replace( /[^\x20-\x7e]/g, '?' ).replace( /([\\()])/g, '\\$1' );
}

/**
 * Builds the PDF with correct xref offsets.
 *
 * @param lines Text lines to print.
 */
export function creditInvoicePdf( lines: string[] ): Buffer {
	const content = [
		'BT',
		'/F1 14 Tf',
		'72 760 Td',
		'18 TL',
		...lines.map(
			( l, i ) => `${ i === 0 ? '' : 'T* ' }(${ escapePdfText( l ) }) Tj`
		),
		'ET',
	].join( '\n' );
	const objects = [
		'<< /Type /Catalog /Pages 2 0 R >>',
		'<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
		'<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>',
		`<< /Length ${ Buffer.byteLength( content, 'latin1' ) } >>\nstream\n${ content }\nendstream`,
		'<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
	];
	let out = '%PDF-1.4\n';
	const offsets: number[] = [];
	objects.forEach( ( obj, i ) => {
		offsets.push( Buffer.byteLength( out, 'latin1' ) );
		out += `${ i + 1 } 0 obj\n${ obj }\nendobj\n`;
	} );
	const xref = Buffer.byteLength( out, 'latin1' );
	out += `xref\n0 ${ objects.length + 1 }\n0000000000 65535 f \n`;
	for ( const o of offsets ) {
		out += `${ String( o ).padStart( 10, '0' ) } 00000 n \n`;
	}
	out += `trailer\n<< /Size ${ objects.length + 1 } /Root 1 0 R >>\nstartxref\n${ xref }\n%%EOF\n`;
	return Buffer.from( out, 'latin1' );
}
