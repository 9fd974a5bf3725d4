/**
 * jsdom has no modal dialogs: for the tests of the calling `describe`, `<dialog>` opens and closes
 * the way a browser does it (`showModal` sets `open`; `close` clears it and fires `close`).
 */
export function withModalDialogs() {
  beforeAll(() => {
    HTMLDialogElement.prototype.showModal = function (this: HTMLDialogElement) {
      this.open = true;
    };
    HTMLDialogElement.prototype.close = function (this: HTMLDialogElement) {
      this.open = false;
      this.dispatchEvent(new Event('close'));
    };
  });
  afterAll(() => {
    delete (HTMLDialogElement.prototype as Partial<HTMLDialogElement>).showModal;
    delete (HTMLDialogElement.prototype as Partial<HTMLDialogElement>).close;
  });
}
