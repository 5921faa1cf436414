//! Scripts compiled to QuickJS bytecode once and run from the bytes in any context: the bootstrap
//! (once per process) and packages' CommonJS files (once per worker and file).

use std::ffi::CStr;

use rquickjs::{Ctx, Result as R, Value, qjs};

/// A compiled script not run yet; freed when dropped.
pub(super) struct Compiled<'js> {
    cx: Ctx<'js>,
    value: qjs::JSValue,
}

/// Compiles the script `code` named `name` in `cx` without running it; a syntax error is the
/// context's pending exception.
pub(super) fn compile<'js>(cx: &Ctx<'js>, code: &CStr, name: &CStr) -> R<Compiled<'js>> {
    let flags = (qjs::JS_EVAL_TYPE_GLOBAL | qjs::JS_EVAL_FLAG_COMPILE_ONLY) as i32;
    // SAFETY: the context is alive for the borrow; both strings are NUL-terminated.
    let value =
        unsafe { qjs::JS_Eval(cx.as_raw().as_ptr(), code.as_ptr(), code.to_bytes().len() as _, name.as_ptr(), flags) };
    // SAFETY: inspects the tag of a value we own.
    if unsafe { qjs::JS_IsException(value) } {
        return Err(rquickjs::Error::Exception);
    }
    Ok(Compiled { cx: cx.clone(), value })
}

impl<'js> Compiled<'js> {
    /// The bytecode, without the source text QuickJS otherwise keeps for every function (for
    /// `toString`) when `strip_source`; `None` when QuickJS cannot write it.
    pub fn to_bytes(&self, strip_source: bool) -> Option<Box<[u8]>> {
        let raw = self.cx.as_raw().as_ptr();
        let mut flags = qjs::JS_WRITE_OBJ_BYTECODE as i32;
        if strip_source {
            flags |= qjs::JS_WRITE_OBJ_STRIP_SOURCE as i32;
        }
        let mut size: qjs::size_t = 0;
        // SAFETY: the written bytes are copied before QuickJS's buffer is freed.
        unsafe {
            let out = qjs::JS_WriteObject(raw, &mut size, self.value, flags);
            if out.is_null() {
                return None;
            }
            let bytes: Box<[u8]> = std::slice::from_raw_parts(out, size as usize).into();
            qjs::js_free(raw, out as _);
            Some(bytes)
        }
    }

    /// Runs the script: its value, or the exception it threw.
    pub fn run(self) -> R<Value<'js>> {
        let this = std::mem::ManuallyDrop::new(self);
        // SAFETY: JS_EvalFunction takes ownership of the function object; `this` is not dropped.
        unsafe { eval_owned(&this.cx, this.value) }
    }
}

impl Drop for Compiled<'_> {
    fn drop(&mut self) {
        // SAFETY: the value is ours and not used again.
        unsafe { qjs::JS_FreeValue(self.cx.as_raw().as_ptr(), self.value) };
    }
}

/// Runs bytecode written by [`Compiled::to_bytes`] (in any context of this process).
pub(super) fn run_bytecode<'js>(cx: &Ctx<'js>, bytes: &[u8]) -> R<Value<'js>> {
    let raw = cx.as_raw().as_ptr();
    // SAFETY: JS_ReadObject copies from the slice; the object it returns is handed over whole.
    unsafe {
        let compiled = qjs::JS_ReadObject(raw, bytes.as_ptr(), bytes.len() as _, qjs::JS_READ_OBJ_BYTECODE as i32);
        if qjs::JS_IsException(compiled) {
            return Err(rquickjs::Error::Exception);
        }
        eval_owned(cx, compiled)
    }
}

/// # Safety
/// `compiled` is a function object of `cx`'s context that the caller owns and does not use again.
unsafe fn eval_owned<'js>(cx: &Ctx<'js>, compiled: qjs::JSValue) -> R<Value<'js>> {
    // SAFETY: per the contract; JS_EvalFunction frees `compiled`.
    unsafe {
        let value = qjs::JS_EvalFunction(cx.as_raw().as_ptr(), compiled);
        if qjs::JS_IsException(value) {
            return Err(rquickjs::Error::Exception);
        }
        Ok(Value::from_raw(cx.clone(), value))
    }
}
