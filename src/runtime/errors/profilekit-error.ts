/** The base of every error profilekit raises: `catch (e) { if (e instanceof ProfilekitError) … }`. */
export class ProfilekitError extends Error {
  override name = "ProfilekitError";
}
