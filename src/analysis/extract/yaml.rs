//! TODO(helper): yaml
