//! TODO(helper): placeholders
