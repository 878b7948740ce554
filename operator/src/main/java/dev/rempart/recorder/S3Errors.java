package dev.rempart.recorder;

import software.amazon.awssdk.services.s3.model.S3Exception;

/** S3 errors as one line for a person: the code, the status and S3's own message. */
final class S3Errors {
  private S3Errors() {}

  static String describe(S3Exception e) {
    String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
    String message = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorMessage();
    return (code == null ? "error" : code)
        + " (HTTP "
        + e.statusCode()
        + ")"
        + (message == null || message.isBlank() ? "" : ": " + message);
  }

  static String code(S3Exception e) {
    return e.awsErrorDetails() == null ? "" : String.valueOf(e.awsErrorDetails().errorCode());
  }
}
