package io.tributary.intake.system;

import java.io.IOException;

/**
 * A request body over the configured limit. An {@link IOException} so that it can surface
 * from the request stream while a converter reads it.
 */
public class PayloadTooLargeException extends IOException {

	public PayloadTooLargeException(long limit) {
		super("The request body is larger than " + limit + " bytes");
	}

}
