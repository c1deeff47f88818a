# docs: rules come with its issue
