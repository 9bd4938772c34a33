package dev.baton.app.server;

/** A request the console refuses, with the HTTP status and the sentence the client reads. */
final class ApiError extends RuntimeException {

  private final int status;

  ApiError(int status, String sentence) {
    super(sentence, null, false, false);
    this.status = status;
  }

  int status() {
    return status;
  }

  static ApiError notFound(String what) {
    return new ApiError(404, what);
  }

  static ApiError badRequest(String why) {
    return new ApiError(400, why);
  }

  static ApiError conflict(String why) {
    return new ApiError(409, why);
  }
}
