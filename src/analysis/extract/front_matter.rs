//! TODO(helper): front_matter
